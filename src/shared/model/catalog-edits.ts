import type { Result } from '../problem';
import type { Entity, Field, FieldType, ProjectModel } from './project-model';

/**
 * Edits of the entity catalog. Names are checked here, so the editor can
 * show why a name is refused; removing an entity or field removes every
 * ownership cell, xref and field name that pointed at it.
 */
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

function nameProblem(name: string, taken: readonly string[], what: string): string | null {
  if (!NAME.test(name)) return `${what} names start with a letter and use letters, digits and _ only.`;
  if (taken.includes(name)) return `There is already ${what === 'Entity' ? 'an entity' : 'a field'} called ${name}.`;
  return null;
}

function refuse(message: string): Result<ProjectModel> {
  return { ok: false, error: { code: 'CATALOG_INVALID_NAME', message } };
}

export function addEntity(model: ProjectModel, id: string): Result<ProjectModel> {
  const problem = nameProblem(id, model.entities.map((entity) => entity.id), 'Entity');
  if (problem !== null) return refuse(problem);
  const entity: Entity = { id, key: 'id', description: '', custom: true, fields: [{ id: 'id', type: 'string', required: true, description: 'Business key' }] };
  return { ok: true, value: { ...model, entities: [...model.entities, entity] } };
}

export function removeEntity(model: ProjectModel, id: string): ProjectModel {
  return {
    ...model,
    entities: model.entities.filter((entity) => entity.id !== id),
    ownership: model.ownership.filter((cell) => cell.entity !== id),
    xrefs: model.xrefs.filter((xref) => xref.entity !== id),
    fieldNames: model.fieldNames.filter((name) => name.entity !== id),
  };
}

export function addField(model: ProjectModel, entityId: string, id: string, type: FieldType): Result<ProjectModel> {
  const entity = model.entities.find((candidate) => candidate.id === entityId);
  if (entity === undefined) return refuse(`There is no entity ${entityId}.`);
  const problem = nameProblem(id, entity.fields.map((field) => field.id), 'Field');
  if (problem !== null) return refuse(problem);
  const field: Field = { id, type, required: false, description: '' };
  return { ok: true, value: { ...model, entities: model.entities.map((candidate) => (candidate.id === entityId ? { ...candidate, fields: [...candidate.fields, field] } : candidate)) } };
}

export function updateField(model: ProjectModel, entityId: string, fieldId: string, change: Partial<Omit<Field, 'id'>>): ProjectModel {
  return {
    ...model,
    entities: model.entities.map((entity) => (entity.id === entityId ? { ...entity, fields: entity.fields.map((field) => (field.id === fieldId ? { ...field, ...change } : field)) } : entity)),
  };
}

export function removeField(model: ProjectModel, entityId: string, fieldId: string): Result<ProjectModel> {
  const entity = model.entities.find((candidate) => candidate.id === entityId);
  if (entity?.key === fieldId) return refuse(`${fieldId} is ${entityId}'s key; choose another key first.`);
  return {
    ok: true,
    value: {
      ...model,
      entities: model.entities.map((candidate) => (candidate.id === entityId ? { ...candidate, fields: candidate.fields.filter((field) => field.id !== fieldId) } : candidate)),
      ownership: model.ownership.filter((cell) => !(cell.entity === entityId && cell.field === fieldId)),
      fieldNames: model.fieldNames.filter((name) => !(name.entity === entityId && name.field === fieldId)),
    },
  };
}

/** Sets (or, with an empty path, clears) where a system keeps an entity's business key. */
export function setXref(model: ProjectModel, entity: string, system: string, path: string, format: string): ProjectModel {
  const others = model.xrefs.filter((xref) => !(xref.entity === entity && xref.system === system));
  return { ...model, xrefs: path.trim() === '' ? others : [...others, { entity, system, path: path.trim(), format: format.trim() === '' ? '{key}' : format.trim() }] };
}

/** Sets (or clears) a field's name in one system. */
export function setFieldName(model: ProjectModel, entity: string, field: string, system: string, name: string): ProjectModel {
  const others = model.fieldNames.filter((entry) => !(entry.entity === entity && entry.field === field && entry.system === system));
  return { ...model, fieldNames: name.trim() === '' ? others : [...others, { entity, field, system, name: name.trim() }] };
}
