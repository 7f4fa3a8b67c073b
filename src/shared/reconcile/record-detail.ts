import type { ProjectModel } from '../model/project-model';
import type { ReconciledEntity } from './canonical';
import { CATALOG } from './canonical';
import type { RecordDetail } from './reconcile-view';
import type { ReconcileReport } from './report';
import { ownerOf } from './rules';
import type { Snapshot } from './snapshot';

/**
 * One record as every system holds it, found by its report key: the
 * business key, `<owner>:<key>` for entities keyed in their owner, or
 * `<system>:<id>` for a copy with no original.
 */
export function recordDetail(model: ProjectModel, snapshot: Snapshot, report: ReconcileReport | null, entity: ReconciledEntity, key: string): RecordDetail {
  const owner = ownerOf(model, entity);
  const inconsistency = report?.inconsistencies.find((entry) => entry.entity === entity && entry.key === key) ?? null;
  const holders = snapshot.systems.filter((system) => system.tables[entity] !== undefined);
  const prefix = key.indexOf(':');
  const named = prefix > 0 ? holders.find((system) => system.system === key.slice(0, prefix)) : undefined;
  // An owner-keyed entity's key carries its owner's id; a copy's key names its system and its own id.
  const business = named !== undefined && CATALOG[entity].keyStyle === 'owner-prefixed' && named.system === owner ? key.slice(prefix + 1) : named === undefined ? key : null;
  const systems = holders.map((system) => {
    const table = system.tables[entity];
    let row: number | undefined;
    if (table !== undefined) {
      if (business !== null) row = table.index().get(business);
      else if (system === named) {
        const id = key.slice(prefix + 1);
        for (let index = 0; index < table.size && row === undefined; index += 1) if (table.id(index) === id) row = index;
      }
    }
    const found = row === undefined || table === undefined ? null : table.record(row);
    return { id: system.system, role: system.role, vendor: system.vendor, record: found === null ? null : { id: found.id, fields: { ...found.fields }, lines: (found.lines ?? []).map((line) => ({ ...line })) } };
  });
  return { entity, key, owner, systems, inconsistency };
}
