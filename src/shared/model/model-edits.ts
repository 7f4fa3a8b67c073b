import type { Assignment, Integration, ProjectModel, System } from './project-model';

/**
 * Edits of the project model as pure functions, like flow-edits.ts: each
 * returns a new model and leaves its input alone.
 */
export function uniqueSystemId(model: ProjectModel, wanted: string): string {
  const taken = new Set(model.systems.map((system) => system.id));
  const base = wanted.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'system';
  const start = /^[a-z]/.test(base) ? base : `s-${base}`;
  if (!taken.has(start)) return start;
  for (let index = 2; ; index += 1) if (!taken.has(`${start}-${index}`)) return `${start}-${index}`;
}

export function addSystem(model: ProjectModel, system: Omit<System, 'id'> & { id: string }): { model: ProjectModel; id: string } {
  const id = uniqueSystemId(model, system.id);
  return { model: { ...model, systems: [...model.systems, { ...system, id }] }, id };
}

export function updateSystem(model: ProjectModel, id: string, change: Partial<Omit<System, 'id'>>): ProjectModel {
  return { ...model, systems: model.systems.map((system) => (system.id === id ? { ...system, ...change } : system)) };
}

export function moveSystems(model: ProjectModel, moves: ReadonlyMap<string, { x: number; y: number }>): ProjectModel {
  if (moves.size === 0) return model;
  return { ...model, systems: model.systems.map((system) => {
    const to = moves.get(system.id);
    return to === undefined ? system : { ...system, position: { x: Math.round(to.x), y: Math.round(to.y) } };
  }) };
}

/** Removes systems with everything that names them: integrations, ownership, xrefs and field names. */
export function removeSystems(model: ProjectModel, ids: ReadonlySet<string>): ProjectModel {
  if (ids.size === 0) return model;
  return {
    ...model,
    systems: model.systems.filter((system) => !ids.has(system.id)),
    integrations: model.integrations.filter((integration) => !ids.has(integration.from) && !ids.has(integration.to)),
    ownership: model.ownership.filter((cell) => !ids.has(cell.system)),
    xrefs: model.xrefs.filter((xref) => !ids.has(xref.system)),
    fieldNames: model.fieldNames.filter((name) => !ids.has(name.system)),
  };
}

export function addIntegration(model: ProjectModel, from: string, to: string): { model: ProjectModel; id: string } {
  const taken = new Set(model.integrations.map((integration) => integration.id));
  let index = model.integrations.length + 1;
  while (taken.has(`today-${index}`)) index += 1;
  const integration: Integration = { id: `today-${index}`, from, to, label: '', painPoints: '' };
  return { model: { ...model, integrations: [...model.integrations, integration] }, id: integration.id };
}

export function updateIntegration(model: ProjectModel, id: string, change: Partial<Omit<Integration, 'id'>>): ProjectModel {
  return { ...model, integrations: model.integrations.map((integration) => (integration.id === id ? { ...integration, ...change } : integration)) };
}

export function removeIntegrations(model: ProjectModel, ids: ReadonlySet<string>): ProjectModel {
  return ids.size === 0 ? model : { ...model, integrations: model.integrations.filter((integration) => !ids.has(integration.id)) };
}

/**
 * Makes `system` an owner of an entity (field null) or a field. On a field
 * that inherits an owner, the inherited owner is made explicit as well, so a
 * second owner shows as a conflict instead of silently replacing the first.
 */
export function assignOwner(model: ProjectModel, entity: string, field: string | null, system: string): ProjectModel {
  const same = (cell: Assignment) => cell.entity === entity && cell.field === field && cell.system === system;
  const others = model.ownership.filter((cell) => !same(cell));
  if (field === null) return { ...model, ownership: [...others, { entity, field, system, role: 'owner' }] };
  const fieldOwners = others.some((cell) => cell.entity === entity && cell.field === field && cell.role === 'owner');
  const inherited = fieldOwners ? [] : others.filter((cell) => cell.entity === entity && cell.field === null && cell.role === 'owner' && cell.system !== system);
  return { ...model, ownership: [...others, ...inherited.map((cell) => ({ ...cell, field })), { entity, field, system, role: 'owner' }] };
}

/** Removes the assignment of `system` at exactly this level. */
export function clearAssignment(model: ProjectModel, entity: string, field: string | null, system: string): ProjectModel {
  return { ...model, ownership: model.ownership.filter((cell) => !(cell.entity === entity && cell.field === field && cell.system === system)) };
}
