import { existsSync } from 'node:fs';
import type { FlowDocument } from '../../../shared/model/flow';
import type { RunFailure } from '../../../shared/reconcile/incidents';
import type { RunHistory } from '../../../shared/reconcile/reconcile-view';
import { ReservationLedger } from '../runtime/reservation-ledger';
import { readLatestRunFailures, readRunHistory } from '../runtime/run-history';
import { stepLabels } from './reconcile';

/**
 * What a reconciliation takes from the project's run journal: the open
 * reservations stock is compared net of, the runs' figures and alerts, and
 * the latest run's failures. A project that has never run has none of them.
 */
export interface JournalInputs {
  readonly reservations: Readonly<Record<string, number>>;
  readonly history: RunHistory;
  readonly runFailures: readonly RunFailure[];
}

export function journalInputs(journal: string, flows: readonly FlowDocument[]): JournalInputs {
  if (!existsSync(journal)) return { reservations: {}, history: { runs: [], alerts: [] }, runFailures: [] };
  return { reservations: ReservationLedger.openIn(journal), history: readRunHistory(journal), runFailures: readLatestRunFailures(journal, stepLabels(flows)) };
}
