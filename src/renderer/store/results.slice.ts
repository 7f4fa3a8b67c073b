import type { StewardApi } from '../../shared/ipc/api';
import type { ReconciledEntity } from '../../shared/reconcile/canonical';
import type { ReconcileStatus, RecordDetail, RunHistory } from '../../shared/reconcile/reconcile-view';
import type { Inconsistency, ReconcileReport } from '../../shared/reconcile/report';
import type { CanvasFocus } from '../../shared/reconcile/responsible';
import { responsibleStep } from '../../shared/reconcile/responsible';
import { ownerOf } from '../../shared/reconcile/rules';
import { saveFile } from '../shell/save-file';
import type { SliceCreator } from './store-types';

/**
 * Results as the window sees them: the reconciliation main runs (status
 * pushed while it reads), the latest report, the filters over it, one record
 * opened side by side, and the step on the canvas that a finding points at.
 */
export interface ResultFilters {
  readonly severity: 'all' | 'error' | 'warning';
  readonly entity: 'all' | ReconciledEntity;
  readonly incident: string | null;
  readonly text: string;
}

export interface ResultsSlice {
  reconcileStatus: ReconcileStatus | null;
  reconcileReport: ReconcileReport | null;
  reconcileDetail: RecordDetail | null;
  /** The project's runs as figures, and the latest run's alerts. */
  runHistory: RunHistory | null;
  resultFilters: ResultFilters;
  /** A step for the flow canvas to select and frame, with the path leading to it lit. */
  canvasFocus: CanvasFocus | null;
  startReconcile: () => Promise<void>;
  receiveReconcileStatus: (status: ReconcileStatus) => void;
  loadReconcileReport: () => Promise<void>;
  setResultFilters: (filters: Partial<ResultFilters>) => void;
  openRecord: (entity: ReconciledEntity, key: string) => Promise<void>;
  closeRecord: () => void;
  showOnCanvas: (entry: Inconsistency) => Promise<void>;
  clearCanvasFocus: () => void;
  /** Opens a flow at one of its steps (a schema drift's reader, say). */
  showStep: (flowId: string, nodeId: string, path?: readonly string[]) => Promise<void>;
  /** The audit report (HTML), saved as a file to print or send. */
  downloadAudit: () => Promise<void>;
  /** Judges the last snapshot again with the rules as saved now. */
  previewRules: () => Promise<void>;
}

export const NO_FILTERS: ResultFilters = { severity: 'all', entity: 'all', incident: null, text: '' };

export const createResultsSlice =
  (api: StewardApi): SliceCreator<ResultsSlice> =>
  (set, get) => ({
    reconcileStatus: null,
    reconcileReport: null,
    reconcileDetail: null,
    runHistory: null,
    resultFilters: NO_FILTERS,
    canvasFocus: null,
    async startReconcile() {
      // The same target as runs: after a run of a scenario, its sandbox is read as the run left it.
      const [kind, name = ''] = get().runTarget.split(':');
      try {
        set({ reconcileDetail: null, reconcileStatus: await api.reconcile.start(kind === 'environment' ? { environment: name } : { scenario: name }) });
      } catch (error: unknown) {
        get().report('Could not reconcile', error);
      }
    },
    receiveReconcileStatus(status) {
      const before = get().reconcileStatus?.state;
      set({ reconcileStatus: status });
      if (before === 'reading' && status.state === 'done') void get().loadReconcileReport();
    },
    async loadReconcileReport() {
      try {
        const [report, status, history] = await Promise.all([api.reconcile.report(), api.reconcile.status(), api.reconcile.history()]);
        set({ reconcileReport: report, reconcileStatus: status, reconcileDetail: null, runHistory: history });
      } catch (error: unknown) {
        get().report('Could not load the results', error);
      }
    },
    setResultFilters: (filters) => set({ resultFilters: { ...get().resultFilters, ...filters } }),
    async openRecord(entity, key) {
      try {
        set({ reconcileDetail: await api.reconcile.record({ entity, key }) });
      } catch (error: unknown) {
        get().report('Could not open the record', error);
      }
    },
    closeRecord: () => set({ reconcileDetail: null }),
    async showOnCanvas(entry) {
      const model = get().model;
      try {
        await get().flushFlow();
        const flows = await api.flow.all({});
        const focus = responsibleStep(entry, flows, model === null ? null : ownerOf(model, entry.entity));
        if (focus === null) {
          get().notify('info', 'Nothing to show on the canvas', { code: 'NO_RESPONSIBLE_STEP', message: `No step of any flow writes what ${entry.label} disagrees on.` });
          return;
        }
        await get().showStep(focus.flowId, focus.nodeId, focus.path);
      } catch (error: unknown) {
        get().report('Could not show it on the canvas', error);
      }
    },
    async showStep(flowId, nodeId, path = [nodeId]) {
      await get().flushFlow();
      if (get().flow?.id !== flowId) await get().loadFlow(flowId);
      set({ canvasFocus: { flowId, nodeId, path } });
      get().setView('flows');
    },
    clearCanvasFocus: () => set({ canvasFocus: null }),
    async downloadAudit() {
      try {
        await Promise.all([get().flushModel(), get().flushFlow()]);
        const { name, html } = await api.reconcile.audit();
        saveFile(name, 'text/html', html);
      } catch (error: unknown) {
        get().report('Could not make the audit report', error);
      }
    },
    async previewRules() {
      try {
        const report = await api.reconcile.rejudge();
        set({ reconcileReport: report, reconcileDetail: null });
      } catch (error: unknown) {
        get().report('Could not preview the rules', error);
      }
    },
  });
