import type { FieldType, ProjectModel } from '../model/project-model';

/**
 * A made-up record with every field in scope, for previewing expressions
 * before real data exists (pinned data replaces it once runs exist).
 */
const SAMPLES: Readonly<Record<FieldType, unknown>> = {
  string: 'sample',
  integer: 2,
  decimal: 12.5,
  money: 1250,
  currency: 'USD',
  boolean: true,
  datetime: '2026-11-20T09:00:00.000Z',
  date: '2026-11-20',
  enum: 'OPEN',
  reference: 'ref-1',
  object: { name: 'Ada Lovelace', address1: '100 Main St', city: 'Springfield', state: 'IL', country: 'US', zip: '62701' },
  list: [
    { sku: 'TEE-BLK-M', quantity: 2, unitPrice: 2500 },
    { sku: 'MUG-01', quantity: 1, unitPrice: 1800 },
  ],
};

export function sampleRecord(model: ProjectModel, refs: readonly string[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const ref of refs) {
    const [entityId = '', fieldId = ''] = ref.split('.');
    const field = model.entities.find((entity) => entity.id === entityId)?.fields.find((candidate) => candidate.id === fieldId);
    const value = field === undefined ? null : field.type === 'string' ? `${fieldId}-sample` : SAMPLES[field.type];
    record[fieldId] = value;
    const nested = (record[entityId] ??= {}) as Record<string, unknown>;
    nested[fieldId] = value;
  }
  return record;
}

/**
 * The preview record from real data: a node's output pinned from a run. Each
 * field in scope takes the pinned value (under its entity, or flat as a
 * trigger's record has it), and falls back to the made-up sample where the
 * pinned record has none.
 */
export function pinnedRecord(model: ProjectModel, refs: readonly string[], pinned: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const record = sampleRecord(model, refs);
  for (const ref of refs) {
    const [entityId = '', fieldId = ''] = ref.split('.');
    const nested = pinned[entityId];
    const value = typeof nested === 'object' && nested !== null && fieldId in nested ? (nested as Record<string, unknown>)[fieldId] : pinned[fieldId];
    if (value === undefined) continue;
    record[fieldId] = value;
    (record[entityId] as Record<string, unknown>)[fieldId] = value;
  }
  return record;
}
