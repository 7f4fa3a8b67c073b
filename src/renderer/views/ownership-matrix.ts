import { ownershipOf } from '../../shared/governance/ownership';
import type { Assignment, ProjectModel } from '../../shared/model/project-model';

/**
 * The ownership matrix's cells as pure functions of the model. A field row
 * inherits its entity's owner; making a second system owner of a field never
 * silently overrides the first — both become explicit, the row turns red
 * with the reason, and the user demotes one.
 */
export type CellState = 'owner' | 'replica' | 'inherited-owner' | 'inherited-replica' | 'none';

const same = (cell: Assignment, entity: string, field: string | null, system: string): boolean => cell.entity === entity && cell.field === field && cell.system === system;

export function cellState(model: ProjectModel, entity: string, field: string | null, system: string): CellState {
  const explicit = model.ownership.find((cell) => same(cell, entity, field, system));
  if (explicit !== undefined) return explicit.role;
  if (field === null) return 'none';
  const inherited = model.ownership.find((cell) => same(cell, entity, null, system));
  const fieldHasOwner = model.ownership.some((cell) => cell.entity === entity && cell.field === field && cell.role === 'owner');
  if (inherited?.role === 'owner' && !fieldHasOwner) return 'inherited-owner';
  if (inherited !== undefined) return 'inherited-replica';
  return 'none';
}

/** none → owner → replica → none, at this exact level. */
export function cycleCell(model: ProjectModel, entity: string, field: string | null, system: string): ProjectModel {
  const state = cellState(model, entity, field, system);
  const others = model.ownership.filter((cell) => !same(cell, entity, field, system));
  if (state === 'owner') return { ...model, ownership: [...others, { entity, field, system, role: 'replica' }] };
  if (state === 'replica') return { ...model, ownership: others };
  if (field === null) return { ...model, ownership: [...others, { entity, field, system, role: 'owner' }] };
  // Make inherited owners explicit first, so a second owner shows as a conflict.
  const inherited = ownershipOf(model, entity, field);
  const materialised: Assignment[] =
    inherited.level === 'entity' ? inherited.owners.filter((owner) => owner !== system).map((owner) => ({ entity, field, system: owner, role: 'owner' as const })) : [];
  return { ...model, ownership: [...others, ...materialised, { entity, field, system, role: 'owner' }] };
}

/** Owners of a row, for the heat-map: 0 missing, 1 fine, more contested. */
export function rowOwners(model: ProjectModel, entity: string, field: string | null): readonly string[] {
  if (field === null) return [...new Set(model.ownership.filter((cell) => cell.entity === entity && cell.field === null && cell.role === 'owner').map((cell) => cell.system))];
  return ownershipOf(model, entity, field).owners;
}
