import type { StewardApi } from '../../shared/ipc/api';
import type { FaultSettings } from '../../shared/sandbox/faults';
import type { SandboxLogEntry, SandboxStatus, ScenarioSummary } from '../../shared/sandbox/sandbox-view';
import type { SliceCreator } from './store-types';

export interface SandboxSlice {
  sandboxScenarios: readonly ScenarioSummary[];
  sandboxStatus: SandboxStatus | null;
  /** Newest first, at most LOG_LIMIT entries. */
  sandboxLog: readonly SandboxLogEntry[];
  sandboxBusy: boolean;
  loadSandbox: () => Promise<void>;
  startSandbox: (scenario: string, seed: number) => Promise<void>;
  stopSandbox: () => Promise<void>;
  setSandboxFaults: (faults: FaultSettings) => Promise<void>;
  /** How many webhooks the last "Send history" sent, to say so beside the button. */
  sandboxSent: number | null;
  sendSandboxHistory: () => Promise<void>;
  receiveSandboxLog: (entries: readonly SandboxLogEntry[]) => void;
  receiveSandboxStatus: (status: SandboxStatus) => void;
}

export const LOG_LIMIT = 300;

export const createSandboxSlice =
  (api: StewardApi): SliceCreator<SandboxSlice> =>
  (set, get) => {
    const busy = async (title: string, work: () => Promise<SandboxStatus>): Promise<void> => {
      set({ sandboxBusy: true });
      try {
        set({ sandboxStatus: await work() });
      } catch (error: unknown) {
        get().report(title, error);
      } finally {
        set({ sandboxBusy: false });
      }
    };
    return {
      sandboxScenarios: [],
      sandboxStatus: null,
      sandboxLog: [],
      sandboxBusy: false,
      async loadSandbox() {
        try {
          const [scenarios, status, log] = await Promise.all([api.sandbox.scenarios(), api.sandbox.status(), api.sandbox.log({ count: LOG_LIMIT })]);
          set({ sandboxScenarios: scenarios, sandboxStatus: status, sandboxLog: [...log].reverse() });
        } catch (error: unknown) {
          get().report('Could not read the sandbox', error);
        }
      },
      startSandbox: (scenario, seed) => {
        set({ sandboxLog: [], sandboxSent: null });
        return busy('Could not start the sandbox', () => api.sandbox.start({ scenario, seed }));
      },
      stopSandbox: () => busy('Could not stop the sandbox', () => api.sandbox.stop()),
      setSandboxFaults: (faults) => busy('Could not change the faults', () => api.sandbox.setFaults(faults)),
      sandboxSent: null,
      async sendSandboxHistory() {
        try {
          set({ sandboxSent: (await api.sandbox.sendHistory()).sent });
        } catch (error: unknown) {
          get().report('Could not send the webhooks', error);
        }
      },
      receiveSandboxLog: (entries) => set({ sandboxLog: [...[...entries].reverse(), ...get().sandboxLog].slice(0, LOG_LIMIT) }),
      receiveSandboxStatus: (status) => set({ sandboxStatus: status }),
    };
  };
