import type { ProjectModel } from '../model/project-model';
import { fieldRef } from '../model/project-model';
import type { Diagnostic } from './diagnostic';
import { diagnostic } from './report';

/**
 * Who owns a field: the field-level owner if one is set, else the entity's
 * default owner (domain.md §1). More than one owner at the deciding level is
 * a contested field; none is a missing owner.
 */
export interface Ownership {
  readonly owners: readonly string[];
  readonly level: 'field' | 'entity' | 'none';
  readonly replicas: readonly string[];
}

export function ownershipOf(model: ProjectModel, entity: string, field: string): Ownership {
  const cells = model.ownership.filter((cell) => cell.entity === entity);
  const fieldOwners = unique(cells.filter((cell) => cell.field === field && cell.role === 'owner').map((cell) => cell.system));
  const entityOwners = unique(cells.filter((cell) => cell.field === null && cell.role === 'owner').map((cell) => cell.system));
  const owners = fieldOwners.length > 0 ? fieldOwners : entityOwners;
  const level = fieldOwners.length > 0 ? 'field' : entityOwners.length > 0 ? 'entity' : 'none';
  const replicas = unique(cells.filter((cell) => (cell.field === field || cell.field === null) && cell.role === 'replica').map((cell) => cell.system)).filter((system) => !owners.includes(system));
  return { owners, level, replicas };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/** Findings on the ownership map itself: contested and missing owners, dangling references. */
export function checkOwnershipMap(model: ProjectModel): Diagnostic[] {
  const findings: Diagnostic[] = [];
  const systems = new Set(model.systems.map((system) => system.id));
  for (const cell of model.ownership) {
    const entity = model.entities.find((candidate) => candidate.id === cell.entity);
    const where = cell.field === null ? cell.entity : fieldRef(cell.entity, cell.field);
    if (entity === undefined || (cell.field !== null && !entity.fields.some((field) => field.id === cell.field))) {
      findings.push(diagnostic('MODEL_UNKNOWN_FIELD', 'error', `The ownership map names ${where}, which is not in the entity catalog.`, 'Add it to the catalog or remove the assignment.', { fields: [where], systems: [cell.system] }));
    }
    if (!systems.has(cell.system)) {
      findings.push(diagnostic('MODEL_UNKNOWN_SYSTEM', 'error', `The ownership map names system "${cell.system}", which is not on the systems map.`, 'Add the system or remove the assignment.', { fields: [where], systems: [cell.system] }));
    }
  }
  for (const entity of model.entities) {
    for (const field of entity.fields) {
      const ownership = ownershipOf(model, entity.id, field.id);
      const where = fieldRef(entity.id, field.id);
      if (ownership.owners.length > 1) {
        findings.push(
          diagnostic(
            'OWNER_CONTESTED',
            'error',
            `${where} has ${ownership.owners.length} owners (${ownership.owners.join(', ')}); a field has exactly one.`,
            `Keep one owner and make ${ownership.owners.slice(1).join(', ')} a replica; others ask the owner with a request node.`,
            { fields: [where], systems: [...ownership.owners] },
          ),
        );
      }
    }
  }
  return findings;
}

/** Owners per cell for the matrix heat-map: 0 missing, 1 fine, 2+ contested. */
export function ownerCount(model: ProjectModel, entity: string, field: string): number {
  return ownershipOf(model, entity, field).owners.length;
}
