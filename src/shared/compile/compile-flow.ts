import type { CompiledExpression } from '../expression/compile';
import { compileExpression } from '../expression/compile';
import { checkProject } from '../governance/check-project';
import { topologicalOrder } from '../governance/flow-analysis';
import type { Diagnostic } from '../governance/diagnostic';
import { diagnostic } from '../governance/report';
import type { FlowDocument, FlowNode } from '../model/flow';
import type { NodeConfigOf } from '../model/node-config';
import { NODE_CONFIGS } from '../model/node-config';
import { NODE_KIND_INFO } from '../model/node-kinds';
import type { ProjectModel } from '../model/project-model';
import type { PipelinePlan, PlanStep } from './plan';

/**
 * Flow document → pipeline plan (domain.md §4), pure. The checker decides
 * first: a flow with any governance error — its own, or one on the model
 * about an entity it touches — is refused with those located diagnostics and
 * never runs. Expressions are compiled to closures here, once per run.
 */
export type Compilation = { readonly ok: true; readonly plan: PipelinePlan } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export function compileFlow(model: ProjectModel, flows: readonly FlowDocument[], flowId: string): Compilation {
  const flow = flows.find((candidate) => candidate.id === flowId);
  if (flow === undefined) {
    return { ok: false, diagnostics: [diagnostic('FLOW_NOT_FOUND', 'error', `This project has no flow "${flowId}".`, 'Run one of the flows `steward info` lists.', { flowId })] };
  }
  const touched = entitiesOf(flow);
  const blocking = checkProject(model, flows).filter(
    (entry) =>
      entry.severity === 'error' &&
      (entry.flowId === flow.id || entry.relatedFlowIds.includes(flow.id) || (entry.flowId === null && entry.fields.some((field) => touched.has(field.split('.')[0] ?? field)))),
  );
  if (blocking.length > 0) return { ok: false, diagnostics: blocking };
  if (!flow.nodes.some((node) => node.kind === 'trigger')) {
    return { ok: false, diagnostics: [diagnostic('FLOW_NO_TRIGGER', 'error', `Flow "${flow.name}" has no trigger, so it has nothing to run.`, 'Add a trigger node from the palette.', { flowId: flow.id })] };
  }

  const problems: Diagnostic[] = [];
  const steps = new Map<string, PlanStep>();
  for (const node of flow.nodes) {
    const step = compileStep(flow, node, problems);
    if (step !== null) steps.set(node.id, step);
  }
  if (problems.length > 0) return { ok: false, diagnostics: problems };
  return {
    ok: true,
    plan: { flowId: flow.id, flowName: flow.name, entries: flow.nodes.filter((node) => node.kind === 'trigger').map((node) => node.id), order: stepOrder(flow), steps },
  };
}

/** Entities a flow reads, maps, writes or asks about. */
function entitiesOf(flow: FlowDocument): Set<string> {
  const entities = new Set<string>();
  for (const node of flow.nodes) if (typeof node.config['entity'] === 'string') entities.add(node.config['entity']);
  return entities;
}

function compileStep(flow: FlowDocument, node: FlowNode, problems: Diagnostic[]): PlanStep | null {
  // The checker has accepted every config, so parsing here only fills in defaults.
  const parsed = NODE_CONFIGS[node.kind].safeParse(node.config);
  if (!parsed.success) {
    problems.push(diagnostic('NODE_CONFIG_INVALID', 'error', `"${node.label}" is not set up.`, 'Open the node in the inspector and complete it.', { flowId: flow.id, nodeIds: [node.id] }));
    return null;
  }
  const next: Record<string, string[]> = Object.fromEntries(NODE_KIND_INFO[node.kind].outputs.map((output) => [output, []]));
  for (const edge of flow.edges) if (edge.source === node.id) (next[edge.sourceHandle] ??= []).push(edge.target);
  const base = { id: node.id, label: node.label, next };
  const expression = (source: string, what: string): CompiledExpression => {
    const compiled = compileExpression(source);
    if (compiled.ok) return compiled.value;
    problems.push(diagnostic('EXPRESSION_INVALID', 'error', `"${node.label}" cannot compile ${what}: ${compiled.error.message}`, 'Fix the expression in the inspector.', { flowId: flow.id, nodeIds: [node.id] }));
    return { type: 'any', evaluate: () => null };
  };
  switch (node.kind) {
    case 'trigger': {
      const config = parsed.data as NodeConfigOf<'trigger'>;
      return { ...base, kind: 'trigger', system: config.system, entity: config.entity, mode: config.mode, topic: config.topic ?? null };
    }
    case 'read': {
      const config = parsed.data as NodeConfigOf<'read'>;
      return { ...base, kind: 'read', system: config.system, entity: config.entity, key: config.key.trim() === '' ? null : expression(config.key, 'its key') };
    }
    case 'map': {
      const config = parsed.data as NodeConfigOf<'map'>;
      const code = config.code !== undefined && config.code.trim() !== '' ? config.code : null;
      const fields = code === null ? config.mappings.map((mapping) => ({ field: mapping.field, value: expression(mapping.expression, `${config.entity}.${mapping.field}`) })) : [];
      return { ...base, kind: 'map', entity: config.entity, fields, code };
    }
    case 'route': {
      const config = parsed.data as NodeConfigOf<'route'>;
      return { ...base, kind: 'route', conditions: config.conditions.map((condition) => ({ name: condition.name, test: expression(condition.expression, `condition "${condition.name}"`) })) };
    }
    case 'write': {
      const config = parsed.data as NodeConfigOf<'write'>;
      // The checker refuses a write without a key, so one is always here.
      const key = config.idempotencyKey ?? { kind: 'dedupe-store' as const, expression: 'null' };
      return { ...base, kind: 'write', system: config.system, entity: config.entity, mode: config.mode, fields: config.fields, idempotency: { kind: key.kind, key: expression(key.expression, 'its idempotency key') }, ack: config.ack };
    }
    case 'request': {
      const config = parsed.data as NodeConfigOf<'request'>;
      return { ...base, kind: 'request', system: config.system, entity: config.entity, fields: config.fields, ttlSeconds: config.ttlSeconds };
    }
    case 'await-ack': {
      const config = parsed.data as NodeConfigOf<'await-ack'>;
      return { ...base, kind: 'await-ack', mode: config.mode, deadlineSeconds: config.deadlineSeconds, event: config.event ?? null };
    }
    case 'check': {
      const config = parsed.data as NodeConfigOf<'check'>;
      return { ...base, kind: 'check', test: expression(config.expression, 'its assertion'), message: config.message };
    }
    case 'error': {
      const config = parsed.data as NodeConfigOf<'error'>;
      return { ...base, kind: 'error', deadLetter: config.deadLetter };
    }
    case 'sub-flow': {
      const config = parsed.data as NodeConfigOf<'sub-flow'>;
      return { ...base, kind: 'sub-flow', flowId: config.flowId };
    }
  }
}

/** The steps in order; the checker has refused cycles, so every node is placed. */
function stepOrder(flow: FlowDocument): string[] {
  const incoming = new Map<string, string[]>();
  for (const edge of flow.edges) incoming.set(edge.target, [...(incoming.get(edge.target) ?? []), edge.source]);
  return topologicalOrder(flow, incoming) ?? flow.nodes.map((node) => node.id);
}
