import type { FlowDocument } from '../model/flow';
import type { ProjectModel } from '../model/project-model';
import type { Diagnostic } from './diagnostic';
import { analyseFlow } from './flow-analysis';
import { checkOwnershipMap } from './ownership';
import { checkConnectorPurity, checkWrites } from './project-rules';
import { checkFlowShape } from './shape';

/**
 * The governance checker (domain.md §3), pure and deterministic: the same
 * project always gives the same diagnostics in the same order. It runs live
 * in the renderer, in main before any run, and in `steward check`.
 */
export function checkProject(model: ProjectModel, flows: readonly FlowDocument[]): Diagnostic[] {
  const analyses = flows.map((flow) => analyseFlow(model, flow));
  const findings = [
    ...checkOwnershipMap(model),
    ...checkConnectorPurity(model),
    ...flows.flatMap(checkFlowShape),
    ...analyses.flatMap((analysis) => analysis.diagnostics),
    ...checkWrites(
      model,
      analyses.flatMap((analysis) => analysis.writes),
      new Map(flows.map((flow) => [flow.id, flow.name])),
    ),
  ];
  return findings.sort(compare);
}

function compare(a: Diagnostic, b: Diagnostic): number {
  return (
    (a.flowId ?? '').localeCompare(b.flowId ?? '') ||
    Number(a.severity !== 'error') - Number(b.severity !== 'error') ||
    a.code.localeCompare(b.code) ||
    a.nodeIds.join().localeCompare(b.nodeIds.join()) ||
    a.fields.join().localeCompare(b.fields.join()) ||
    a.message.localeCompare(b.message)
  );
}

export function errorCount(diagnostics: readonly Diagnostic[]): number {
  return diagnostics.filter((entry) => entry.severity === 'error').length;
}
