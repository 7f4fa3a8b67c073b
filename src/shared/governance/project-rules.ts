import type { ProjectModel } from '../model/project-model';
import { fieldRef } from '../model/project-model';
import type { Diagnostic } from './diagnostic';
import type { WriteFact } from './flow-analysis';
import { ownershipOf } from './ownership';
import { diagnostic } from './report';

/**
 * The rules that look across writes and flows (domain.md §3): one owner per
 * written field, owner-only origin, double writes and echo loops.
 */
export function checkWrites(model: ProjectModel, writes: readonly WriteFact[], flowNames: ReadonlyMap<string, string>): Diagnostic[] {
  const findings: Diagnostic[] = [];
  const name = (flowId: string): string => `"${flowNames.get(flowId) ?? flowId}"`;

  for (const fact of writes) {
    const ref = fieldRef(fact.entity, fact.field);
    const where = { flowId: fact.flowId, nodeIds: [fact.nodeId], fields: [ref], systems: [fact.system] };
    const { owners, replicas } = ownershipOf(model, fact.entity, fact.field);
    if (owners.length === 0) {
      findings.push(diagnostic('OWNER_MISSING', 'error', `${ref} is written but has no owner.`, 'Assign an owner in the ownership matrix (or on the canvas).', where));
      continue;
    }
    if (owners.length > 1) {
      findings.push(diagnostic('OWNER_CONTESTED', 'error', `${ref} is written but has ${owners.length} owners (${owners.join(', ')}).`, 'Keep one owner in the ownership matrix; the others become replicas.', where));
      continue;
    }
    const owner = owners[0] ?? '';
    const foreign = fact.origins.filter((origin) => origin !== owner);
    if (fact.system === owner && foreign.length > 0) {
      findings.push(
        diagnostic('WRITE_TO_OWNER', 'error', `${ref} is written into its owner ${owner} from ${foreign.join(', ')}: only the owner sets its own data.`, `Replace the write with a request node that asks ${owner} to make the change (it confirms or denies).`, where),
      );
    } else if (fact.system !== owner && foreign.length > 0) {
      findings.push(
        diagnostic('ORIGIN_NOT_OWNER', 'error', `${ref} is copied into ${fact.system} from ${foreign.join(', ')}, but ${owner} owns it.`, `Read ${ref} from ${owner} (trigger or read node) and map it from there.`, where),
      );
    } else if (fact.system !== owner && !replicas.includes(fact.system)) {
      findings.push(diagnostic('REPLICA_UNDECLARED', 'warning', `${fact.system} receives ${ref} but is not marked as a replica of it.`, `Mark ${fact.system} as a replica of ${ref} in the ownership matrix.`, where));
    }
  }

  // Double write: one field, one target system, values from more than one origin.
  const byTarget = group(writes, (fact) => `${fact.system}\u0000${fact.entity}\u0000${fact.field}`);
  for (const facts of byTarget.values()) {
    const origins = new Set(facts.flatMap((fact) => fact.origins));
    if (origins.size < 2) continue;
    const first = facts[0];
    if (first === undefined) continue;
    const ref = fieldRef(first.entity, first.field);
    const owner = ownershipOf(model, first.entity, first.field).owners[0];
    const flows = [...new Set(facts.map((fact) => fact.flowId))];
    for (const flowId of flows) {
      findings.push(
        diagnostic(
          'DOUBLE_WRITE',
          'error',
          `${ref} is written into ${first.system} from ${[...origins].sort().join(' and ')} — by ${flows.map(name).join(' and ')}. Two writers race; one overwrites the other.`,
          owner === undefined ? 'Give the field one owner, and let only the owner’s data reach the replica.' : `Only ${owner}'s value may reach ${first.system}: have the other writer send a request node to ${owner}, which confirms or denies.`,
          { flowId, nodeIds: facts.filter((fact) => fact.flowId === flowId).map((fact) => fact.nodeId), fields: [ref], systems: [first.system, ...origins], relatedFlowIds: flows.filter((other) => other !== flowId) },
        ),
      );
    }
  }

  // Echo loop: A → B by one write and B → A by another (indexed, so large projects stay linear).
  for (const fact of writes) {
    for (const origin of fact.origins) {
      if (origin === fact.system) continue;
      const back = (byTarget.get(`${origin}\u0000${fact.entity}\u0000${fact.field}`) ?? []).filter((other) => other.origins.includes(fact.system));
      if (back.length === 0) continue;
      const ref = fieldRef(fact.entity, fact.field);
      findings.push(
        diagnostic('ECHO_LOOP', 'error', `${ref} flows ${origin} → ${fact.system} here and ${fact.system} → ${origin} in ${[...new Set(back.map((other) => name(other.flowId)))].join(', ')}: each change echoes back forever.`, 'Replicate in one direction only, from the owner to its replicas.', {
          flowId: fact.flowId,
          nodeIds: [fact.nodeId],
          fields: [ref],
          systems: [origin, fact.system],
          relatedFlowIds: [...new Set(back.map((other) => other.flowId))].filter((flowId) => flowId !== fact.flowId),
        }),
      );
    }
  }
  return findings;
}

/** Transport settings a connector may hold; anything else is business logic in the wrong place. */
export const TRANSPORT_OPTIONS: ReadonlySet<string> = new Set([
  'apiVersion',
  'timeoutMs',
  'retries',
  'pageSize',
  'concurrency',
  'rateLimitPerMinute',
  'channelId',
  'shopDomain',
  'accountId',
  'realm',
  'locationId',
  'userAgent',
  'headers',
  'openapi',
  'operations',
]);

export function checkConnectorPurity(model: ProjectModel): Diagnostic[] {
  return model.systems.flatMap((system) =>
    Object.keys(system.connectorOptions)
      .filter((key) => !TRANSPORT_OPTIONS.has(key))
      .map((key) =>
        diagnostic('CONNECTOR_NOT_TRANSPORT', 'error', `${system.name}'s connector settings hold "${key}", which is not a transport setting.`, 'Move conditions, mappings and carrier choices into map and route nodes; a connector only carries traffic.', { systems: [system.id] }),
      ),
  );
}

function group<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
