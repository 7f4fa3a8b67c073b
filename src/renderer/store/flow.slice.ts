import type { StewardApi } from '../../shared/ipc/api';
import type { FlowDocument } from '../../shared/model/flow';
import type { SliceCreator } from './store-types';

export type SaveState = 'saved' | 'pending' | 'saving' | 'error';

export interface FlowSlice {
  flow: FlowDocument | null;
  saveState: SaveState;
  loadFlow: (flowId: string) => Promise<void>;
  /** Replaces the document after an edit and schedules its autosave. */
  commitFlow: (next: FlowDocument) => void;
  /** Adds a flow to the project and opens it. */
  createFlow: (name: string) => Promise<void>;
  /** Saves a pending edit now (before switching projects or flows). */
  flushFlow: () => Promise<void>;
}

/** Edits arriving within this window are saved together. */
export const AUTOSAVE_DELAY_MS = 250;

export const createFlowSlice =
  (api: StewardApi): SliceCreator<FlowSlice> =>
  (set, get) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight: Promise<void> = Promise.resolve();

    const save = async (): Promise<void> => {
      timer = undefined;
      const document = get().flow;
      if (document === null) return;
      set({ saveState: 'saving' });
      try {
        const summary = await api.flow.save({ document });
        const project = get().project;
        if (project !== null) {
          set({ project: { ...project, flows: project.flows.map((flow) => (flow.id === summary.id ? summary : flow)) } });
        }
        // A newer edit may have arrived while this one was saving.
        if (get().flow === document) set({ saveState: 'saved' });
      } catch (error: unknown) {
        set({ saveState: 'error' });
        get().report('Could not save the flow', error);
      }
    };

    return {
      flow: null,
      saveState: 'saved',
      async loadFlow(flowId) {
        await get().flushFlow();
        try {
          set({ flow: await api.flow.get({ flowId }), saveState: 'saved' });
        } catch (error: unknown) {
          get().report('Could not load the flow', error);
        }
      },
      async createFlow(name) {
        await get().flushFlow();
        try {
          const flow = await api.flow.create({ name });
          const project = get().project;
          const summary = { id: flow.id, name: flow.name, nodeCount: 0, updatedAt: new Date().toISOString() };
          set({ flow, saveState: 'saved', ...(project === null ? {} : { project: { ...project, flows: [...project.flows, summary] } }) });
        } catch (error: unknown) {
          get().report('Could not create the flow', error);
        }
      },
      commitFlow(next) {
        if (next === get().flow) return;
        set({ flow: next, saveState: 'pending' });
        clearTimeout(timer);
        timer = setTimeout(() => {
          inFlight = inFlight.then(save);
        }, AUTOSAVE_DELAY_MS);
      },
      async flushFlow() {
        if (timer !== undefined) {
          clearTimeout(timer);
          inFlight = inFlight.then(save);
        }
        await inFlight;
      },
    };
  };
