import type { Diagnostic } from './diagnostic';

/** Builds diagnostics with the empty lists filled in, so rules state only what matters. */
export function diagnostic(
  code: string,
  severity: Diagnostic['severity'],
  message: string,
  hint: string,
  where: Partial<Pick<Diagnostic, 'flowId' | 'nodeIds' | 'edgeIds' | 'fields' | 'systems' | 'relatedFlowIds'>>,
): Diagnostic {
  return {
    code,
    severity,
    message,
    hint,
    flowId: where.flowId ?? null,
    nodeIds: where.nodeIds ?? [],
    edgeIds: where.edgeIds ?? [],
    fields: where.fields ?? [],
    systems: where.systems ?? [],
    relatedFlowIds: where.relatedFlowIds ?? [],
  };
}
