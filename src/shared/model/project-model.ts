import { z } from 'zod';
import { Invariant } from './invariant';

/**
 * The governance model of a project (domain.md §1): the merchant's systems,
 * today's integrations between them, the canonical entities and their
 * fields, where each system keeps them (xrefs and field names), and who owns
 * what. The checker, the designer and the compiler share it.
 */
const Slug = z.string().regex(/^[a-z][a-z0-9-]*$/, 'use a lower-case slug such as "shopify" or "my-3pl"');
const Name = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'use letters, digits and _ (e.g. "InventoryLevel" or "available")');

export const SYSTEM_ROLES = ['storefront', 'erp', 'oms', '3pl', 'payments', 'tax', 'marketing', 'support', 'subscriptions', 'other'] as const;
export const SystemRole = z.enum(SYSTEM_ROLES);
export type SystemRole = z.infer<typeof SystemRole>;

export const System = z.object({
  id: Slug,
  name: z.string().min(1).max(120),
  role: SystemRole,
  /** The connector that carries its traffic: a managed one (`shopify`) or `rest`. */
  connector: z.string().min(1),
  /** Transport settings only (connector purity, domain.md §3). */
  connectorOptions: z.record(z.string(), z.unknown()).default({}),
  environments: z.array(z.string()).default([]),
  position: z.object({ x: z.number(), y: z.number() }).optional(),
  notes: z.string().default(''),
});
export type System = z.infer<typeof System>;

/** An integration that exists today, drawn on the systems map with its pain points. */
export const Integration = z.object({
  id: z.string().min(1),
  from: Slug,
  to: Slug,
  label: z.string().default(''),
  painPoints: z.string().default(''),
});
export type Integration = z.infer<typeof Integration>;

export const FIELD_TYPES = ['string', 'integer', 'decimal', 'money', 'currency', 'boolean', 'datetime', 'date', 'enum', 'reference', 'list', 'object'] as const;
export const FieldType = z.enum(FIELD_TYPES);
export type FieldType = z.infer<typeof FieldType>;

export const Field = z.object({
  id: Name,
  type: FieldType,
  required: z.boolean().default(false),
  description: z.string().default(''),
});
export type Field = z.infer<typeof Field>;

export const Entity = z.object({
  id: Name,
  description: z.string().default(''),
  /** The field that identifies a record across systems (joined through xrefs). */
  key: Name,
  custom: z.boolean().default(false),
  fields: z.array(Field).min(1),
});
export type Entity = z.infer<typeof Entity>;

/** How one system identifies a record of an entity, e.g. NetSuite `externalId` = `shopify-{id}`. */
export const Xref = z.object({
  entity: Name,
  system: Slug,
  /** The field, in the system's own terms, that holds the business key. */
  path: z.string().min(1),
  /** How the key is written there; `{key}` stands for the business key. */
  format: z.string().default('{key}'),
});
export type Xref = z.infer<typeof Xref>;

/** A field's name in one system (`available` ↔ `quantityAvailable`). */
export const FieldName = z.object({ entity: Name, field: Name, system: Slug, name: z.string().min(1) });
export type FieldName = z.infer<typeof FieldName>;

/**
 * One cell of the ownership map. `field: null` is the entity-level default;
 * a field-level entry overrides it. A system that holds a copy is a replica.
 */
export const Assignment = z.object({
  entity: Name,
  field: Name.nullable(),
  system: Slug,
  role: z.enum(['owner', 'replica']),
});
export type Assignment = z.infer<typeof Assignment>;

export const ProjectModel = z.object({
  systems: z.array(System),
  integrations: z.array(Integration).default([]),
  entities: z.array(Entity),
  xrefs: z.array(Xref).default([]),
  fieldNames: z.array(FieldName).default([]),
  ownership: z.array(Assignment).default([]),
  /** Written invariants the reconciler checks beside those derived from the ownership map. */
  invariants: z.array(Invariant).default([]),
});
export type ProjectModel = z.infer<typeof ProjectModel>;

export function emptyModel(): ProjectModel {
  return { systems: [], integrations: [], entities: [], xrefs: [], fieldNames: [], ownership: [], invariants: [] };
}

/** `Entity.field`, the way diagnostics and the matrix name a field. */
export function fieldRef(entity: string, field: string): string {
  return `${entity}.${field}`;
}
