import { MarkerType } from '@xyflow/react';
import type { Edge, Node } from '@xyflow/react';
import type { Diagnostic } from '../../shared/governance/diagnostic';
import type { ProjectModel, SystemRole } from '../../shared/model/project-model';
import { SYSTEM_CATALOG, monogramOf } from '../../shared/model/system-catalog';

/** The systems map is a projection of the model, as the flow canvas is of a flow. */
export interface SystemNodeData extends Record<string, unknown> {
  readonly name: string;
  readonly role: SystemRole;
  readonly connector: string;
  readonly environments: readonly string[];
  readonly monogram: string;
  readonly owns: number;
  readonly errors: number;
}

export type SystemNode = Node<SystemNodeData, 'system'>;

export function toSystemsMap(model: ProjectModel, diagnostics: readonly Diagnostic[], selected: ReadonlySet<string> = new Set()): { nodes: SystemNode[]; edges: Edge[] } {
  const nodes = model.systems.map(
    (system, index): SystemNode => ({
      id: system.id,
      type: 'system',
      position: system.position ?? { x: (index % 3) * 300, y: Math.floor(index / 3) * 200 },
      selected: selected.has(system.id),
      data: {
        name: system.name,
        role: system.role,
        connector: system.connector,
        environments: system.environments,
        monogram: SYSTEM_CATALOG.find((entry) => entry.id === system.id)?.monogram ?? monogramOf(system.name),
        owns: model.ownership.filter((cell) => cell.system === system.id && cell.role === 'owner').length,
        errors: diagnostics.filter((entry) => entry.severity === 'error' && entry.flowId === null && entry.systems.includes(system.id)).length,
      },
    }),
  );
  const edges = model.integrations.map(
    (integration): Edge => ({
      id: integration.id,
      source: integration.from,
      target: integration.to,
      label: integration.label === '' ? undefined : integration.label,
      selected: selected.has(integration.id),
      className: integration.painPoints === '' ? 'integration' : 'integration has-pain',
      markerEnd: { type: MarkerType.ArrowClosed },
    }),
  );
  return { nodes, edges };
}
