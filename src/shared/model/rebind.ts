import { fail, ok } from '../problem';
import type { Result } from '../problem';
import { VOCABULARIES } from '../vendors/vocabulary';
import type { ProjectModel } from './project-model';

/**
 * Binds a system to another vendor's connector — the 3PL swap of the field
 * notes: the system keeps its id, its ownership and every flow that names it;
 * its connector, its name, and its vocabulary (field names and
 * cross-references) become the new vendor's. Nothing else changes.
 */
export interface Rebinding {
  readonly model: ProjectModel;
  readonly fieldNames: number;
  readonly xrefs: number;
}

export function rebindSystem(model: ProjectModel, systemId: string, connector: string, name?: string): Result<Rebinding> {
  const system = model.systems.find((candidate) => candidate.id === systemId);
  if (system === undefined) return fail({ code: 'SYSTEM_UNKNOWN', message: `There is no system "${systemId}".`, hint: `Systems: ${model.systems.map((candidate) => candidate.id).join(', ')}.` });
  const vocabulary = VOCABULARIES[connector];
  if (vocabulary === undefined) return fail({ code: 'CONNECTOR_UNKNOWN', message: `Steward has no vocabulary for connector "${connector}" to bind ${systemId} to.`, hint: `Known: ${Object.keys(VOCABULARIES).join(', ')}.` });
  const fieldNames = vocabulary.fieldNames.map((entry) => ({ ...entry, system: systemId }));
  const xrefs = vocabulary.xrefs.map((entry) => ({ ...entry, system: systemId }));
  return ok({
    model: {
      ...model,
      systems: model.systems.map((candidate) => (candidate.id === systemId ? { ...candidate, connector, connectorOptions: {}, name: name ?? candidate.name } : candidate)),
      fieldNames: [...model.fieldNames.filter((entry) => entry.system !== systemId), ...fieldNames],
      xrefs: [...model.xrefs.filter((entry) => entry.system !== systemId), ...xrefs],
    },
    fieldNames: fieldNames.length,
    xrefs: xrefs.length,
  });
}
