import type { StewardApi } from '../../shared/ipc/api';
import type { ProjectModel } from '../../shared/model/project-model';
import { createAutosave } from './autosave';
import { AUTOSAVE_DELAY_MS } from './flow.slice';
import type { SaveState } from './flow.slice';
import type { SliceCreator } from './store-types';

/** The project's governance model: systems, entities and the ownership map. */
export interface ModelSlice {
  model: ProjectModel | null;
  modelSaveState: SaveState;
  loadModel: () => Promise<void>;
  commitModel: (next: ProjectModel, options?: { record?: boolean }) => void;
  flushModel: () => Promise<void>;
}

export const createModelSlice =
  (api: StewardApi): SliceCreator<ModelSlice> =>
  (set, get) => {
    const autosave = createAutosave<ProjectModel>(AUTOSAVE_DELAY_MS, async (model) => {
      set({ modelSaveState: 'saving' });
      try {
        await api.model.save({ model });
        if (get().model === model) set({ modelSaveState: 'saved' });
      } catch (error: unknown) {
        set({ modelSaveState: 'error' });
        get().report('Could not save the ownership map', error);
      }
    });
    return {
      model: null,
      modelSaveState: 'saved',
      async loadModel() {
        try {
          set({ model: await api.model.get(), modelSaveState: 'saved' });
        } catch (error: unknown) {
          get().report('Could not read the project model', error);
        }
      },
      commitModel(next, options) {
        const before = get().model;
        if (next === before) return;
        if (before !== null && options?.record !== false) get().record({ kind: 'model', before, after: next });
        set({ model: next, modelSaveState: 'pending' });
        autosave.schedule(next);
      },
      flushModel: () => autosave.flush(),
    };
  };
