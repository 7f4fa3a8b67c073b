import type { CompiledExpression } from '../expression/compile';
import { compileExpression } from '../expression/compile';
import { referencedPathsOf } from '../expression/paths';
import type { Invariant } from '../model/invariant';
import type { ProjectModel, SystemRole } from '../model/project-model';
import type { ReconciledEntity } from './canonical';
import { CATALOG, invariantScope, isReconciled } from './canonical';

/**
 * The rules a reconciliation applies: those derived from the ownership map
 * (every replica of a field equals its owner) and the project's written
 * invariants, each compiled once — a million records then run closures.
 */
export interface Rule {
  readonly id: string;
  readonly title: string;
  readonly entity: ReconciledEntity;
  readonly severity: 'error' | 'warning';
  readonly derived: boolean;
  readonly when: CompiledExpression | null;
  readonly expect: CompiledExpression | null;
  readonly agree: readonly { readonly label: string; readonly expression: CompiledExpression; readonly paths: readonly string[] }[];
  readonly tolerance: number;
  readonly withinHours: number;
  readonly since: CompiledExpression | null;
  /** Every `system.field` the rule reads: what a report shows of the record. */
  readonly paths: readonly string[];
}

export interface RuleProblem {
  readonly rule: string;
  readonly part: string;
  readonly message: string;
  readonly at: number;
}

export interface Participant {
  readonly id: string;
  readonly role: SystemRole;
}

/** The entity-level owner of an entity, from the ownership map. */
export function ownerOf(model: ProjectModel, entity: string, field: string | null = null): string | null {
  const cell = (which: string | null) => model.ownership.find((entry) => entry.entity === entity && entry.field === which && entry.role === 'owner')?.system ?? null;
  return (field === null ? null : cell(field)) ?? cell(null);
}

/** Systems holding a copy of `entity.field`: entity-level replicas, less any system owning the field. */
function replicasOf(model: ProjectModel, entity: string, field: string): string[] {
  const owner = ownerOf(model, entity, field);
  const systems = new Set(model.ownership.filter((entry) => entry.entity === entity && (entry.field === null || entry.field === field)).map((entry) => entry.system));
  return [...systems].filter((system) => system !== owner);
}

/** "Every replica equals its owner", for each field the owner and a replica both expose to the reconciler. */
export function derivedInvariants(model: ProjectModel, participants: readonly Participant[]): Invariant[] {
  const rules: Invariant[] = [];
  const roleOf = new Map(participants.map((system) => [system.id, system.role]));
  for (const entity of model.entities) {
    if (!isReconciled(entity.id)) continue;
    const catalog = CATALOG[entity.id];
    const written = new Set(model.invariants.filter((rule) => rule.entity === entity.id && rule.enabled && rule.field !== null).map((rule) => rule.field));
    for (const field of entity.fields) {
      if (written.has(field.id)) continue;
      const exposes = (system: string | null): boolean => {
        const role = system === null ? undefined : roleOf.get(system);
        return role !== undefined && catalog.roles[role]?.fields[field.id] !== undefined;
      };
      const owner = ownerOf(model, entity.id, field.id);
      if (owner === null || !exposes(owner)) continue;
      const replicas = replicasOf(model, entity.id, field.id).filter(exposes);
      if (replicas.length === 0) continue;
      const lagging = replicas.find((system) => catalog.roles[roleOf.get(system) ?? 'other']?.fields['updatedAt'] !== undefined);
      const lag = catalog.lagHours ?? 0;
      rules.push({
        id: `derived-${entity.id.toLowerCase()}-${field.id.toLowerCase()}`,
        title: `Every copy of ${entity.id}.${field.id} equals the owner's (${owner})`,
        entity: entity.id,
        severity: 'error',
        when: '',
        expect: '',
        agree: Object.fromEntries([owner, ...replicas].map((system) => [system, `${system}.${field.id}`])),
        tolerance: 0,
        withinHours: lagging === undefined ? 0 : lag,
        since: lagging === undefined || lag === 0 ? '' : `${lagging}.updatedAt`,
        field: field.id,
        enabled: true,
      });
    }
  }
  return rules;
}

/** Compiles derived and written rules against the systems taking part; a rule that does not compile is reported, not run. */
export function compileRules(model: ProjectModel, participants: readonly Participant[]): { rules: Rule[]; problems: RuleProblem[] } {
  const rules: Rule[] = [];
  const problems: RuleProblem[] = [];
  const derived = derivedInvariants(model, participants);
  for (const invariant of [...derived, ...model.invariants]) {
    if (!invariant.enabled || !isReconciled(invariant.entity)) continue;
    const scope = invariantScope(invariant.entity, participants);
    let broken = false;
    const compile = (part: string, source: string): CompiledExpression | null => {
      if (source.trim() === '') return null;
      const compiled = compileExpression(source, scope);
      if (compiled.ok) return compiled.value;
      broken = true;
      problems.push({ rule: invariant.id, part, message: compiled.error.message, at: compiled.error.span.start });
      return null;
    };
    const agree = Object.entries(invariant.agree).map(([label, source]) => ({ label, expression: compile(`agree.${label}`, source), paths: referencedPathsOf(source) ?? [] }));
    const rule: Rule = {
      id: invariant.id,
      title: invariant.title,
      entity: invariant.entity,
      severity: invariant.severity,
      derived: derived.includes(invariant),
      when: compile('when', invariant.when),
      expect: compile('expect', invariant.expect),
      agree: agree.flatMap((entry) => (entry.expression === null ? [] : [{ label: entry.label, expression: entry.expression, paths: entry.paths }])),
      tolerance: invariant.tolerance,
      withinHours: invariant.withinHours,
      since: compile('since', invariant.since),
      paths: [...new Set([invariant.expect, ...Object.values(invariant.agree)].flatMap((source) => referencedPathsOf(source) ?? []))],
    };
    if (!broken) rules.push(rule);
  }
  return { rules, problems };
}
