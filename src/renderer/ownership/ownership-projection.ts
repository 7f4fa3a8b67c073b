import type { Edge, Node } from '@xyflow/react';
import type { Diagnostic } from '../../shared/governance/diagnostic';
import { ownershipOf } from '../../shared/governance/ownership';
import type { ProjectModel } from '../../shared/model/project-model';
import { fieldRef } from '../../shared/model/project-model';

/**
 * The ownership canvas, projected from the model: systems on the left,
 * entities (with their fields) on the right, an edge per assignment —
 * solid for an owner, dashed for a replica, to the entity or to one field.
 */
export interface OwnerSystemData extends Record<string, unknown> {
  readonly name: string;
  readonly role: string;
}

export interface EntityFieldView {
  readonly id: string;
  readonly owners: readonly string[];
}

export interface EntityNodeData extends Record<string, unknown> {
  readonly name: string;
  readonly fields: readonly EntityFieldView[];
  readonly errors: number;
  readonly selectedField: string | null;
}

export type OwnershipNode = Node<OwnerSystemData, 'owner-system'> | Node<EntityNodeData, 'entity'>;

export const ENTITY_HANDLE = 'entity';
export const entityNodeId = (entity: string): string => `entity:${entity}`;
export const systemNodeId = (system: string): string => `system:${system}`;

export function toOwnershipCanvas(model: ProjectModel, diagnostics: readonly Diagnostic[], selected: string | null): { nodes: OwnershipNode[]; edges: Edge[] } {
  const nodes: OwnershipNode[] = model.systems.map((system, index) => ({
    id: systemNodeId(system.id),
    type: 'owner-system',
    position: { x: 0, y: 40 + index * 110 },
    data: { name: system.name, role: system.role },
  }));
  // Entities fill three columns, each going to the shortest one, so the canvas stays readable.
  const columns = [0, 0, 0];
  for (const entity of model.entities) {
    const column = columns.indexOf(Math.min(...columns));
    const y = columns[column] ?? 0;
    const errors = diagnostics.filter((entry) => entry.severity === 'error' && entry.fields.some((ref) => ref === entity.id || ref.startsWith(`${entity.id}.`))).length;
    const selectedField = selected !== null && selected.startsWith(`${entity.id}.`) ? selected : null;
    nodes.push({
      id: entityNodeId(entity.id),
      type: 'entity',
      position: { x: 320 + column * 300, y },
      selected: selected === entity.id || selectedField !== null,
      data: { name: entity.id, fields: entity.fields.map((field) => ({ id: field.id, owners: ownershipOf(model, entity.id, field.id).owners })), errors, selectedField },
    });
    columns[column] = y + 56 + entity.fields.length * 22;
  }
  const edges: Edge[] = model.ownership.map((cell) => ({
    id: `own:${cell.entity}:${cell.field ?? ''}:${cell.system}`,
    source: systemNodeId(cell.system),
    target: entityNodeId(cell.entity),
    targetHandle: cell.field ?? ENTITY_HANDLE,
    className: cell.role === 'owner' ? 'ownership-edge is-owner' : 'ownership-edge is-replica',
    data: { entity: cell.entity, field: cell.field, system: cell.system },
    ariaLabel: `${cell.system} ${cell.role} of ${cell.field === null ? cell.entity : fieldRef(cell.entity, cell.field)}`,
  }));
  return { nodes, edges };
}
