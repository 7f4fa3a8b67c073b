import { z } from 'zod';

/**
 * A written invariant (domain.md §5): a rule over one entity's state across
 * systems, in Steward's expression language, kept in the project and edited
 * by the consultant. A record breaks it when `expect` is false, or when the
 * values of `agree` differ by more than `tolerance`. Records younger than
 * `withinHours` (counted from `since`) are still in flight, not inconsistent:
 * that is how an SLA, and so a stall, is written.
 */
export const Invariant = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'use a lower-case slug such as "payment-economics"'),
    title: z.string().min(1).max(200),
    entity: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/),
    severity: z.enum(['error', 'warning']).default('error'),
    /** Only records for which this holds are checked (empty: all). */
    when: z.string().default(''),
    /** A condition every record must meet. */
    expect: z.string().default(''),
    /** Named values that must agree; a value that is null (not known there) is left out. */
    agree: z.record(z.string().min(1), z.string().min(1)).default({}),
    /** How far the values of `agree` may differ (minor units for money). */
    tolerance: z.number().nonnegative().default(0),
    withinHours: z.number().nonnegative().default(0),
    /** The time the SLA counts from (an expression); empty: when the owner's record was made. */
    since: z.string().default(''),
    /** The entity field this rule decides, replacing the derived "replica equals owner" check for it. */
    field: z.string().nullable().default(null),
    enabled: z.boolean().default(true),
  })
  .refine((rule) => (rule.expect.trim() === '') !== (Object.keys(rule.agree).length === 0), { message: 'give either "expect" or "agree", not both', path: ['expect'] });
export type Invariant = z.infer<typeof Invariant>;
