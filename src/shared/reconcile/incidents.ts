import type { Finding } from './evaluate';

/**
 * Incidents: findings grouped by what caused them (domain.md §5). A finding
 * whose record is missing downstream and carries a SKU the ERP does not know
 * shares that product as its cause — two hundred orders from one bad import
 * are one incident. Otherwise findings that break the same rules in the same
 * places (the same systems missing, the same fields disagreeing) are one.
 */
export interface Incident {
  /** Stable across runs for the same cause, so trends and notes can refer to it. */
  readonly id: string;
  readonly title: string;
  readonly rootCause: string;
  readonly severity: 'error' | 'warning';
  readonly count: number;
  readonly keys: readonly string[];
  readonly rules: readonly string[];
  /** Transactions of the latest run that failed for the same cause. */
  readonly runFailures: number;
}

/** A transaction of the latest run that failed, was dead-lettered or went unacknowledged. */
export interface RunFailure {
  readonly runId: string;
  readonly flowId: string;
  readonly key: string;
  readonly state: 'failed' | 'dead-lettered' | 'unacknowledged';
  readonly node: string | null;
  readonly nodeLabel: string;
  readonly reason: string;
}

/** A vendor's reason with its particulars (line numbers, ids, amounts) taken out: one reason per cause. */
export function reasonSignature(reason: string): string {
  return reason.replace(/"[^"]*"/g, '"…"').replace(/\d+(\.\d+)?/g, 'N').trim();
}

export interface CauseContext {
  /** The ERP's system id and whether it knows a SKU; null where its item master was not read. */
  readonly erp: { readonly system: string; readonly knows: (sku: string) => boolean } | null;
}

/** A short, stable id for a signature (FNV-1a). */
function idOf(signature: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < signature.length; index += 1) {
    hash ^= signature.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `inc-${hash.toString(16).padStart(8, '0')}`;
}

interface Cause {
  readonly signature: string;
  readonly title: (count: number) => string;
  readonly rootCause: string;
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

function causeOf(finding: Finding, context: CauseContext): Cause {
  const missing = Object.entries(finding.observed).filter(([, record]) => record === null).map(([system]) => system).sort();
  const rules = finding.rules.map((rule) => rule.id).sort();
  const erp = context.erp;
  if (erp !== null && missing.includes(erp.system)) {
    const unknown = finding.skus.filter((sku) => !erp.knows(sku)).sort();
    if (unknown.length > 0) {
      const skus = unknown.join(', ');
      return {
        signature: `product|${erp.system}|${skus}`,
        title: (count) => `${plural(count, finding.entity.toLowerCase())} held up by ${skus}, which ${erp.system} does not know`,
        rootCause: `${skus} reached the storefront but not ${erp.system}'s item master (a product import that stopped half-way), so every ${finding.entity.toLowerCase()} containing it is refused there and never moves on.`,
      };
    }
  }
  if (missing.length > 0) {
    return {
      signature: `missing|${finding.entity}|${rules.join(',')}|${missing.join(',')}`,
      title: (count) => `${plural(count, finding.entity.toLowerCase())} missing from ${missing.join(' and ')}`,
      rootCause: `${finding.rules[0]?.title ?? 'A rule'} — the writes to ${missing.join(' and ')} never landed (look for dropped or unacknowledged writes in the run).`,
    };
  }
  const places = [...new Set(finding.differing)].sort();
  const systems = [...new Set(places.map((path) => path.split('.')[0] ?? ''))];
  const fields = [...new Set(places.map((path) => path.split('.')[1]).filter((field): field is string => field !== undefined))];
  return {
    signature: `differ|${finding.entity}|${rules.join(',')}|${places.join(',')}`,
    title: (count) => `${plural(count, finding.entity.toLowerCase())} where ${systems.join(' and ')} ${systems.length === 1 ? 'disagrees' : 'disagree'} on ${fields.join(', ') || 'the values'}`,
    rootCause: `${finding.rules.map((rule) => rule.title).join('; ')}.`,
  };
}

export function groupIncidents(findings: readonly Finding[], context: CauseContext, failures: readonly RunFailure[] = []): { incidents: Incident[]; incidentOf: string[]; failureIncidentOf: string[] } {
  const groups = new Map<string, { cause: Cause; members: Finding[]; failures: RunFailure[] }>();
  const incidentOf: string[] = [];
  const byKey = new Map<string, string>();
  for (const finding of findings) {
    const cause = causeOf(finding, context);
    const group = groups.get(cause.signature) ?? { cause, members: [], failures: [] };
    group.members.push(finding);
    groups.set(cause.signature, group);
    incidentOf.push(idOf(cause.signature));
    if (finding.businessKey !== null) byKey.set(finding.businessKey, cause.signature);
  }
  // A failed transaction for a record that is also inconsistent shares that record's cause (the upstream
  // record); the rest group by where they failed and the vendor's reason without its particulars.
  const failureIncidentOf = failures.map((failure) => {
    let signature = byKey.get(failure.key);
    if (signature === undefined) {
      signature = `run|${failure.flowId}|${failure.node ?? ''}|${failure.state}|${reasonSignature(failure.reason)}`;
      if (!groups.has(signature)) {
        const reason = reasonSignature(failure.reason);
        groups.set(signature, {
          cause: {
            signature,
            title: (count) => `${plural(count, 'transaction')} ${failure.state} at "${failure.nodeLabel}"`,
            rootCause: failure.state === 'unacknowledged' ? `Written, but not there on read-back: ${reason}. Every write needs a positive ack; these did not get one.` : reason,
          },
          members: [],
          failures: [],
        });
      }
    }
    groups.get(signature)?.failures.push(failure);
    return idOf(signature);
  });
  const incidents = [...groups.values()].map(({ cause, members, failures: failed }): Incident => ({
    id: idOf(cause.signature),
    title: cause.title(members.length > 0 ? members.length : failed.length),
    rootCause: failed.length > 0 && members.length > 0 ? `${cause.rootCause} The latest run failed on ${plural(failed.length, 'transaction')} for it (${reasonSignature(failed[0]?.reason ?? '')}).` : cause.rootCause,
    severity: members.some((member) => member.severity === 'error') || failed.length > 0 ? 'error' : 'warning',
    count: members.length + (members.length === 0 ? failed.length : 0),
    keys: members.length > 0 ? members.map((member) => member.key) : failed.map((failure) => failure.key),
    rules: [...new Set([...members.flatMap((member) => member.rules.map((rule) => rule.id)), ...failed.map((failure) => (failure.state === 'unacknowledged' ? 'every-write-acked' : 'run-failure'))])],
    runFailures: failed.length,
  }));
  incidents.sort((a, b) => (a.severity === b.severity ? b.count - a.count : a.severity === 'error' ? -1 : 1));
  return { incidents, incidentOf, failureIncidentOf };
}
