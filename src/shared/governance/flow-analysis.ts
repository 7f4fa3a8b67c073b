import type { FlowDocument, FlowNode } from '../model/flow';
import { NODE_CONFIGS } from '../model/node-config';
import type { FieldType, ProjectModel } from '../model/project-model';
import { fieldRef } from '../model/project-model';
import type { Diagnostic } from './diagnostic';
import { ownershipOf } from './ownership';
import { referencedPaths } from './references';
import { assignable, literalType } from './types';
import { compileExpression } from '../expression/compile';
import type { ExprType } from '../expression/library';
import { diagnostic } from './report';

/**
 * One flow, read for governance: each node's config against its schema, its
 * references against the model, and the lineage of every field a write
 * sets — which systems the value can have come from, traced back through map
 * nodes to the trigger or read that brought it in.
 */
export interface WriteFact {
  readonly flowId: string;
  readonly nodeId: string;
  readonly system: string;
  readonly entity: string;
  readonly field: string;
  /** Systems the written value can originate from. */
  readonly origins: readonly string[];
}

export interface FlowAnalysis {
  readonly writes: readonly WriteFact[];
  readonly diagnostics: readonly Diagnostic[];
  /** The fields (`Entity.field`) that reach each node's input: the scope of its expressions. */
  readonly scopes: ReadonlyMap<string, readonly string[]>;
}

type Lineage = Map<string, Set<string>>;

type ConfigParse = ReturnType<(typeof NODE_CONFIGS)[FlowNode['kind']]['safeParse']>;

/**
 * Parsed configs by the config object they came from. Documents are immutable,
 * so an edit makes a new config only for the node it touched, and re-checking a
 * big flow after an edit re-parses one node, not thousands (zod's errors are
 * costly to build).
 */
const parsedConfigs = new WeakMap<object, { kind: FlowNode['kind']; result: ConfigParse }>();

function parseConfig(node: FlowNode): ConfigParse {
  const cached = parsedConfigs.get(node.config);
  if (cached?.kind === node.kind) return cached.result;
  const result = NODE_CONFIGS[node.kind].safeParse(node.config);
  parsedConfigs.set(node.config, { kind: node.kind, result });
  return result;
}

export function analyseFlow(model: ProjectModel, flow: FlowDocument): FlowAnalysis {
  const findings: Diagnostic[] = [];
  const at = (node: FlowNode, extra: Partial<Pick<Diagnostic, 'fields' | 'systems'>> = {}) => ({ flowId: flow.id, nodeIds: [node.id], ...extra });
  const systems = new Set(model.systems.map((system) => system.id));
  const entities = new Map(model.entities.map((entity) => [entity.id, entity]));
  const fieldTypes = new Map(model.entities.flatMap((entity) => entity.fields.map((field) => [fieldRef(entity.id, field.id), field.type] as const)));

  // Configs, parsed per kind; a node with a broken config is reported and left out of lineage.
  const configs = new Map<string, Record<string, unknown>>();
  for (const node of flow.nodes) {
    const parsed = parseConfig(node);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue === undefined || issue.path.length === 0 ? 'its settings' : issue.path.join('.');
      const reason = issue?.code === 'invalid_type' && issue.input === undefined ? `${path} is not chosen yet` : `${path}: ${issue?.message ?? 'invalid'}`;
      findings.push(diagnostic('NODE_CONFIG_INVALID', 'error', `"${node.label}" is not set up: ${reason}.`, 'Open the node in the inspector and complete it.', at(node)));
      continue;
    }
    const config = parsed.data as Record<string, unknown>;
    const system = typeof config['system'] === 'string' ? config['system'] : undefined;
    const entity = typeof config['entity'] === 'string' ? config['entity'] : undefined;
    if (system !== undefined && !systems.has(system)) {
      findings.push(diagnostic('NODE_UNKNOWN_SYSTEM', 'error', `"${node.label}" uses system "${system}", which is not on the systems map.`, 'Pick one of the project’s systems, or add it to the systems map.', at(node, { systems: [system] })));
      continue;
    }
    if (entity !== undefined && !entities.has(entity)) {
      findings.push(diagnostic('NODE_UNKNOWN_ENTITY', 'error', `"${node.label}" uses entity "${entity}", which is not in the entity catalog.`, 'Pick a catalog entity, or add a custom one.', at(node, { fields: [entity] })));
      continue;
    }
    configs.set(node.id, config);
  }

  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  for (const edge of flow.edges) {
    incoming.set(edge.target, [...(incoming.get(edge.target) ?? []), edge.source]);
    outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge.target]);
  }
  const order = topologicalOrder(flow, incoming);
  const output = new Map<string, Lineage>();
  const writes: WriteFact[] = [];
  const scopes = new Map<string, string[]>();
  const byId = new Map(flow.nodes.map((node) => [node.id, node]));

  for (const id of order ?? []) {
    const node = byId.get(id);
    if (node === undefined) continue;
    const input = merge((incoming.get(id) ?? []).map((source) => output.get(source) ?? new Map()));
    scopes.set(id, [...input.keys()]);
    const config = configs.get(id);
    if (config === undefined) {
      output.set(id, input);
      continue;
    }
    switch (node.kind) {
      case 'trigger':
      case 'read': {
        const entity = entities.get(String(config['entity']));
        const next = node.kind === 'read' ? new Map(input) : new Map<string, Set<string>>();
        for (const field of entity?.fields ?? []) next.set(fieldRef(String(config['entity']), field.id), new Set([String(config['system'])]));
        output.set(id, next);
        break;
      }
      case 'map': {
        const target = String(config['entity']);
        const entity = entities.get(target);
        const next: Lineage = new Map();
        if (typeof config['code'] === 'string' && config['code'].trim() !== '') {
          // A code step can use anything it receives: every field it produces may come from every origin.
          const everything = new Set([...input.values()].flatMap((origins) => [...origins]));
          for (const field of entity?.fields ?? []) next.set(fieldRef(target, field.id), everything);
          output.set(id, next);
          break;
        }
        for (const mapping of config['mappings'] as { field: string; expression: string }[]) {
          const targetField = entity?.fields.find((field) => field.id === mapping.field);
          if (entity !== undefined && targetField === undefined) {
            findings.push(diagnostic('MAP_UNKNOWN_FIELD', 'error', `"${node.label}" maps ${fieldRef(target, mapping.field)}, which ${target} does not have.`, `Map one of ${target}'s fields, or add the field to the catalog.`, at(node, { fields: [fieldRef(target, mapping.field)] })));
            continue;
          }
          const compiled = compileExpression(mapping.expression, scopeOf(input, fieldTypes));
          if (!compiled.ok) {
            const ref = fieldRef(target, mapping.field);
            findings.push(diagnostic('MAP_EXPRESSION_INVALID', 'error', `"${node.label}" cannot compute ${ref}: ${compiled.error.message} (at ${compiled.error.span.start + 1}–${compiled.error.span.end + 1} of "${mapping.expression}")`, 'Fix the expression in the mapping editor; completion lists the fields in scope.', at(node, { fields: [ref] })));
            continue;
          }
          const sourceType = typeOf(mapping.expression, input, fieldTypes);
          if (targetField !== undefined && sourceType !== null && !assignable(sourceType, targetField.type)) {
            const ref = fieldRef(target, mapping.field);
            findings.push(diagnostic('MAP_TYPE_MISMATCH', 'error', `"${node.label}" puts a ${sourceType} into ${ref}, which is ${targetField.type}.`, targetField.type === 'money' ? 'Money is integer minor units with a currency: convert explicitly (e.g. round(amount * 100)).' : `Convert the value to ${targetField.type} in the expression.`, at(node, { fields: [ref] })));
          }
          next.set(fieldRef(target, mapping.field), originsOf(mapping.expression, input));
        }
        output.set(id, next);
        break;
      }
      case 'write': {
        writes.push(...checkWrite(node, config, input));
        output.set(id, input);
        break;
      }
      case 'request': {
        const entity = String(config['entity']);
        for (const field of config['fields'] as string[]) {
          const ownership = ownershipOf(model, entity, field);
          if (ownership.owners.length === 1 && ownership.owners[0] !== config['system']) {
            findings.push(
              diagnostic('REQUEST_NOT_TO_OWNER', 'error', `"${node.label}" asks ${String(config['system'])} for ${fieldRef(entity, field)}, but ${ownership.owners[0] ?? ''} owns it.`, `Address the request to ${ownership.owners[0] ?? 'the owner'}.`, at(node, { fields: [fieldRef(entity, field)], systems: [String(config['system'])] })),
            );
          }
        }
        output.set(id, input);
        break;
      }
      default:
        output.set(id, input);
    }
  }
  return { writes, diagnostics: findings, scopes };

  function checkWrite(node: FlowNode, config: Record<string, unknown>, input: Lineage): WriteFact[] {
    const system = String(config['system']);
    const entityId = String(config['entity']);
    const entity = entities.get(entityId);
    const fields = config['fields'] as string[];
    const facts: WriteFact[] = [];
    for (const field of fields) {
      const ref = fieldRef(entityId, field);
      if (entity !== undefined && !entity.fields.some((candidate) => candidate.id === field)) {
        findings.push(diagnostic('WRITE_UNKNOWN_FIELD', 'error', `"${node.label}" writes ${ref}, which ${entityId} does not have.`, 'Choose a catalog field, or add it to the entity.', at(node, { fields: [ref] })));
        continue;
      }
      const origins = input.get(ref);
      if (origins === undefined || origins.size === 0) {
        findings.push(diagnostic('WRITE_FIELD_UNSOURCED', 'error', `"${node.label}" writes ${ref}, but nothing before it provides a value.`, 'Map the field in a map node upstream, or read it from its owner.', at(node, { fields: [ref] })));
        continue;
      }
      facts.push({ flowId: flow.id, nodeId: node.id, system, entity: entityId, field, origins: [...origins].sort() });
    }
    if (config['mode'] !== 'update') {
      const missing = (entity?.fields ?? []).filter((field) => field.required && !fields.includes(field.id)).map((field) => fieldRef(entityId, field.id));
      if (missing.length > 0) {
        findings.push(diagnostic('WRITE_REQUIRED_MISSING', 'error', `"${node.label}" ${String(config['mode'])}s ${entityId} without its required ${missing.join(', ')}.`, 'Add the required fields to the write (and map them upstream).', at(node, { fields: missing })));
      }
    }
    if (config['idempotencyKey'] === undefined) {
      findings.push(
        diagnostic('WRITE_NOT_IDEMPOTENT', 'error', `"${node.label}" can be retried but has no idempotency key, so a retry could write twice.`, 'Set an idempotency key: the vendor header (Stripe Idempotency-Key), an external-id upsert (NetSuite eid:), or the dedupe store.', at(node, { systems: [system] })),
      );
    }
    if (config['ack'] === 'await-node' && !reachesAck(node.id)) {
      findings.push(
        diagnostic('WRITE_WITHOUT_ACK', 'error', `"${node.label}" is not followed by an await-ack: a 2xx alone does not prove ${system} accepted the ${entityId}.`, 'Connect an await-ack node after the write (semantic success, read-back, or ack event).', at(node, { systems: [system] })),
      );
    }
    return facts;
  }

  /** An await-ack reachable from the write before any other write. */
  function reachesAck(start: string): boolean {
    const seen = new Set<string>();
    const pending = [...(outgoing.get(start) ?? [])];
    for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
      if (seen.has(id)) continue;
      seen.add(id);
      const kind = byId.get(id)?.kind;
      if (kind === 'await-ack') return true;
      if (kind !== 'write') pending.push(...(outgoing.get(id) ?? []));
    }
    return false;
  }
}

function merge(inputs: readonly Lineage[]): Lineage {
  const merged: Lineage = new Map();
  for (const input of inputs) for (const [key, origins] of input) merged.set(key, new Set([...(merged.get(key) ?? []), ...origins]));
  return merged;
}

/** The fields a map node's expressions can read: each upstream field by `Entity.field` and by its own name. */
function scopeOf(input: Lineage, fieldTypes: ReadonlyMap<string, FieldType>): Map<string, ExprType> {
  const scope = new Map<string, ExprType>();
  for (const key of input.keys()) {
    const type = exprType(fieldTypes.get(key));
    scope.set(key, type);
    scope.set(key.slice(key.indexOf('.') + 1), type);
  }
  return scope;
}

function exprType(type: FieldType | undefined): ExprType {
  switch (type) {
    case 'integer':
    case 'decimal':
    case 'money':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'list':
      return 'list';
    case 'object':
    case undefined:
      return 'any';
    default:
      return 'string';
  }
}

/** The type an expression yields when it is a literal or a single field reference; null when unknown. */
function typeOf(expression: string, input: Lineage, fieldTypes: ReadonlyMap<string, FieldType>): FieldType | null {
  const literal = literalType(expression);
  if (literal !== null) return literal;
  const paths = referencedPaths(expression);
  const only = paths[0];
  if (paths.length !== 1 || only === undefined || expression.trim() !== only) return null;
  const found = [...input.keys()].find((key) => key === only || key.endsWith(`.${only.split('.').at(-1) ?? only}`));
  return found === undefined ? null : (fieldTypes.get(found) ?? null);
}

/** Origins of an expression: those of every incoming field it reads (by `Entity.field` or by field name). */
function originsOf(expression: string, input: Lineage): Set<string> {
  const origins = new Set<string>();
  for (const path of referencedPaths(expression)) {
    const exact = input.get(path);
    if (exact !== undefined) {
      for (const origin of exact) origins.add(origin);
      continue;
    }
    const name = path.split('.').at(-1) ?? path;
    for (const [key, from] of input) if (key.endsWith(`.${name}`)) for (const origin of from) origins.add(origin);
  }
  return origins;
}

/** Kahn's algorithm; null when the graph has a cycle (reported by the shape rules). */
/** Kahn's order of the flow's nodes, each after all that lead to it; null when there is a cycle. */
export function topologicalOrder(flow: FlowDocument, incoming: ReadonlyMap<string, readonly string[]>): string[] | null {
  const remaining = new Map(flow.nodes.map((node) => [node.id, (incoming.get(node.id) ?? []).length]));
  const outgoing = new Map<string, string[]>();
  for (const edge of flow.edges) outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge.target]);
  const ready = flow.nodes.filter((node) => remaining.get(node.id) === 0).map((node) => node.id);
  const order: string[] = [];
  for (let id = ready.shift(); id !== undefined; id = ready.shift()) {
    order.push(id);
    for (const next of outgoing.get(id) ?? []) {
      const count = (remaining.get(next) ?? 0) - 1;
      remaining.set(next, count);
      if (count === 0) ready.push(next);
    }
  }
  return order.length === flow.nodes.length ? order : null;
}
