import { assignOwner, clearAssignment } from '../../shared/model/model-edits';
import type { Assignment, ProjectModel } from '../../shared/model/project-model';
import { ownershipOf } from '../../shared/governance/ownership';

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
  if (state === 'owner') {
    const cleared = clearAssignment(model, entity, field, system);
    return { ...cleared, ownership: [...cleared.ownership, { entity, field, system, role: 'replica' }] };
  }
  if (state === 'replica') return clearAssignment(model, entity, field, system);
  return assignOwner(model, entity, field, system);
}

/** Owners of a row, for the heat-map: 0 missing, 1 fine, more contested. */
export function rowOwners(model: ProjectModel, entity: string, field: string | null): readonly string[] {
  if (field === null) return [...new Set(model.ownership.filter((cell) => cell.entity === entity && cell.field === null && cell.role === 'owner').map((cell) => cell.system))];
  return ownershipOf(model, entity, field).owners;
}
