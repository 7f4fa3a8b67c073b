import type { StewardApi } from '../../shared/ipc/api';
import type { RunStatus, TransactionDetail, TransactionPage, TransactionState } from '../../shared/runtime/run-view';
import type { SliceCreator } from './store-types';

/**
 * The live run as the window sees it: the status main pushes (counts, rate,
 * ETA, a counter per node), the transactions of the node being looked at,
 * and one transaction opened step by step. Runs happen in main; this only
 * asks and listens.
 */
export interface RunSlice {
  runStatus: RunStatus | null;
  /** What to run against: `scenario:<name>` (the built-in sandbox) or `environment:<name>`. */
  runTarget: string;
  /** Whether a scenario's sandbox enforces the vendors' rate limits. */
  runLimits: boolean;
  setRunLimits: (limits: boolean) => void;
  /** Whether a run against an environment keeps its webhook receiver open after reading what is there. */
  runListen: boolean;
  setRunListen: (listen: boolean) => void;
  /** With listening: whether the run reads what the systems already hold before it listens. */
  runBackfill: boolean;
  setRunBackfill: (backfill: boolean) => void;
  /** The transactions through the selected node (failures first), for the inspector. */
  runPage: (TransactionPage & { flowId: string; nodeId: string }) | null;
  runDetail: TransactionDetail | null;
  runBusy: boolean;
  setRunTarget: (target: string) => void;
  startRun: () => Promise<void>;
  cancelRun: () => Promise<void>;
  stopListening: () => Promise<void>;
  receiveRunStatus: (status: RunStatus) => void;
  loadRunPage: (flowId: string, nodeId: string, state?: TransactionState) => Promise<void>;
  openTransaction: (id: string) => Promise<void>;
  closeTransaction: () => void;
  replayTransaction: (id: string) => Promise<void>;
  /** Pins a step's output from the open transaction as its node's sample data (in the open flow). */
  pinOutput: (nodeId: string, output: Record<string, unknown>) => void;
}

export const createRunSlice =
  (api: StewardApi): SliceCreator<RunSlice> =>
  (set, get) => ({
    runStatus: null,
    runTarget: 'scenario:double-write',
    runLimits: true,
    setRunLimits: (limits) => set({ runLimits: limits }),
    runListen: false,
    setRunListen: (listen) => set({ runListen: listen }),
    runBackfill: true,
    setRunBackfill: (backfill) => set({ runBackfill: backfill }),
    runPage: null,
    runDetail: null,
    runBusy: false,
    setRunTarget: (target) => set({ runTarget: target }),
    async startRun() {
      set({ runBusy: true, runPage: null, runDetail: null });
      try {
        // What runs is what is saved: pending edits go first.
        await get().flushFlow();
        const [kind, name = ''] = get().runTarget.split(':');
        set({ runStatus: await api.run.start(kind === 'environment' ? { environment: name, listen: get().runListen, backfill: get().runBackfill } : { scenario: name, limits: get().runLimits }) });
      } catch (error: unknown) {
        get().report('Could not start the run', error);
      } finally {
        set({ runBusy: false });
      }
    },
    async cancelRun() {
      try {
        set({ runStatus: await api.run.cancel() });
      } catch (error: unknown) {
        get().report('Could not cancel the run', error);
      }
    },
    async stopListening() {
      try {
        set({ runStatus: await api.run.stopListening() });
      } catch (error: unknown) {
        get().report('Could not stop listening', error);
      }
    },
    receiveRunStatus: (status) => {
      const previous = get().runStatus;
      set({ runStatus: status });
      // The open node's list follows the run while it goes, and once more when it ends.
      const page = get().runPage;
      if (page !== null && (status.state === 'running' || previous?.state !== status.state)) void get().loadRunPage(page.flowId, page.nodeId);
    },
    async loadRunPage(flowId, nodeId, state) {
      try {
        const page = await api.run.transactions({ flowId, nodeId, ...(state === undefined ? {} : { state }), offset: 0, limit: 50 });
        set({ runPage: { ...page, flowId, nodeId } });
      } catch (error: unknown) {
        get().report('Could not read the run', error);
      }
    },
    async openTransaction(id) {
      try {
        set({ runDetail: await api.run.transaction({ id }) });
      } catch (error: unknown) {
        get().report('Could not open the transaction', error);
      }
    },
    closeTransaction: () => set({ runDetail: null }),
    pinOutput(nodeId, output) {
      const flow = get().flow;
      if (flow === null || !flow.nodes.some((node) => node.id === nodeId)) return;
      get().commitFlow({ ...flow, pins: { ...(flow.pins ?? {}), [nodeId]: output } });
    },
    async replayTransaction(id) {
      set({ runBusy: true });
      try {
        await get().flushFlow();
        await api.run.replay({ id });
        set({ runStatus: await api.run.status(), runDetail: await api.run.transaction({ id }) });
        const page = get().runPage;
        if (page !== null) await get().loadRunPage(page.flowId, page.nodeId);
      } catch (error: unknown) {
        get().report('Could not replay the transaction', error);
      } finally {
        set({ runBusy: false });
      }
    },
  });
