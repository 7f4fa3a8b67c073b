import type { StewardApi } from '../../shared/ipc/api';
import type { ConnectionResult, EnvironmentEdit, EnvironmentView } from '../../shared/environment/environment-view';
import type { SliceCreator } from './store-types';

/**
 * The environments editor's state: the project's environments, the one
 * open, and the last connection test per system. Credentials never come
 * back from main; the form only says whether one is stored.
 */
export interface EnvironmentSlice {
  environments: readonly string[];
  environment: EnvironmentView | null;
  connectionTests: Readonly<Record<string, ConnectionResult | 'testing'>>;
  loadEnvironments: () => Promise<void>;
  openEnvironment: (name: string) => Promise<void>;
  saveEnvironment: (edit: EnvironmentEdit) => Promise<boolean>;
  environmentFromSandbox: (name: string) => Promise<void>;
  testConnection: (system: string) => Promise<void>;
}

export const createEnvironmentSlice =
  (api: StewardApi): SliceCreator<EnvironmentSlice> =>
  (set, get) => {
    /** The save on its way, if any: a connection test waits for it. */
    let pendingSave: Promise<boolean> = Promise.resolve(true);
    return {
      environments: [],
      environment: null,
      connectionTests: {},
      async loadEnvironments() {
        try {
          set({ environments: await api.environment.list() });
        } catch (error: unknown) {
          get().report('Could not list the environments', error);
        }
      },
      async openEnvironment(name) {
        try {
          set({ environment: await api.environment.get({ name }), connectionTests: {} });
        } catch (error: unknown) {
          get().report('Could not open the environment', error);
        }
      },
      async saveEnvironment(edit) {
        const saving = (async () => {
          try {
            const saved = await api.environment.save(edit);
            set({ environment: saved, environments: await api.environment.list(), connectionTests: {} });
            return true;
          } catch (error: unknown) {
            get().report('Could not save the environment', error);
            return false;
          }
        })();
        pendingSave = saving;
        return saving;
      },
      async environmentFromSandbox(name) {
        try {
          const made = await api.environment.fromSandbox({ name });
          set({ environment: made, environments: await api.environment.list(), connectionTests: {} });
        } catch (error: unknown) {
          get().report('Could not take the sandbox’s environment', error);
        }
      },
      async testConnection(system) {
        // A test asked for while a save is on its way tests what is being saved, and is not wiped by it.
        await pendingSave;
        const name = get().environment?.name;
        if (name === undefined) return;
        set({ connectionTests: { ...get().connectionTests, [system]: 'testing' } });
        try {
          const result = await api.environment.test({ name, system });
          set({ connectionTests: { ...get().connectionTests, [system]: result } });
        } catch (error: unknown) {
          set({ connectionTests: { ...get().connectionTests, [system]: { system, ok: false, kind: 'other', message: error instanceof Error ? error.message : String(error), ms: 0 } } });
        }
      },
    };
  };
