import type { FieldType, ProjectModel } from './project-model';

/**
 * Code steps: the rare map that its expressions cannot say (domain.md §2).
 * A code step is a module whose default export takes the incoming record and
 * returns the fields of the entity the map produces. It runs in the sandbox
 * with JSON in and JSON out, so these types are all it can see.
 */

const TS_TYPES: Record<FieldType, string> = {
  string: 'string',
  integer: 'number',
  decimal: 'number',
  money: 'number /* minor units */',
  currency: 'string',
  boolean: 'boolean',
  datetime: 'string /* ISO 8601 */',
  date: 'string /* YYYY-MM-DD */',
  enum: 'string',
  reference: 'string',
  list: 'unknown[]',
  object: 'Record<string, unknown>',
};

const identifier = /^[A-Za-z_$][\w$]*$/;
const property = (name: string): string => (identifier.test(name) ? name : JSON.stringify(name));

/**
 * The declarations the editor checks a code step against: `Input`, the fields in
 * scope grouped by entity (as expressions name them, `Order.total`), and
 * `Output`, the fields of the produced entity.
 */
export function codeStepTypes(model: ProjectModel, scope: readonly string[], produces: string): string {
  const types = new Map<string, FieldType>(model.entities.flatMap((entity) => entity.fields.map((field) => [`${entity.id}.${field.id}`, field.type] as const)));
  const byEntity = new Map<string, string[]>();
  for (const ref of scope) {
    const dot = ref.indexOf('.');
    if (dot < 0) continue;
    const entity = ref.slice(0, dot);
    const type = types.get(ref);
    byEntity.set(entity, [...(byEntity.get(entity) ?? []), `    ${property(ref.slice(dot + 1))}?: ${type === undefined ? 'unknown' : TS_TYPES[type]};`]);
  }
  const target = model.entities.find((entity) => entity.id === produces);
  const outputs = (target?.fields ?? []).map((field) => `  ${property(field.id)}?: ${TS_TYPES[field.type]};`);
  return [
    '/** The record this step receives: the fields in scope, by entity. */',
    'interface Input {',
    ...[...byEntity].map(([entity, fields]) => [`  ${property(entity)}: {`, ...fields, '  };'].join('\n')),
    '}',
    `/** What this step returns: fields of ${produces || 'the produced entity'}. */`,
    'interface Output {',
    ...outputs,
    '}',
    '',
  ].join('\n');
}

/** What a new code step starts as: a working identity of the produced entity's key. */
export function codeStepTemplate(model: ProjectModel, scope: readonly string[], produces: string): string {
  const target = model.entities.find((entity) => entity.id === produces);
  const key = target?.key;
  const source = key === undefined ? undefined : scope.find((ref) => ref.endsWith(`.${key}`));
  const body = key === undefined || source === undefined ? '{}' : `{ ${property(key)}: input.${source.split('.').map(property).join('.')} }`;
  return [
    '// Runs in the sandbox: JSON in, JSON out; no files, network or environment.',
    'export default function step(input: Input): Output {',
    `  return ${body};`,
    '}',
    '',
  ].join('\n');
}
