import { z } from 'zod';

/**
 * A problem the user can act on: a stable code, a sentence, and where it is.
 * User mistakes travel as values of this shape (style.md §13); exceptions are
 * for bugs.
 */
export const ProblemLocation = z.object({
  file: z.string().optional(),
  line: z.number().int().positive().optional(),
  column: z.number().int().positive().optional(),
  /** Path inside the document, e.g. `systems.shopify.baseUrl`. */
  path: z.string().optional(),
});
export type ProblemLocation = z.infer<typeof ProblemLocation>;

export const Problem = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  message: z.string(),
  hint: z.string().optional(),
  location: ProblemLocation.optional(),
});
export type Problem = z.infer<typeof Problem>;

export type Result<T, E = Problem> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function fail<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}

/** `file:line:column` (or as much of it as is known) followed by the path. */
export function formatLocation(location: ProblemLocation | undefined): string {
  if (location === undefined) return '';
  let where = location.file ?? '';
  if (location.line !== undefined) where += `${where === '' ? 'line ' : ':'}${location.line}`;
  if (location.column !== undefined) where += `:${location.column}`;
  if (location.path !== undefined && location.path !== '') where += `${where === '' ? '' : ' '}(${location.path})`;
  return where;
}

export function formatProblem(problem: Problem): string {
  const where = formatLocation(problem.location);
  const hint = problem.hint === undefined ? '' : ` ${problem.hint}`;
  return `${where === '' ? '' : `${where}: `}${problem.message}${hint}`;
}

/**
 * Carries a Problem through service code to the boundary (IPC dispatcher,
 * CLI) that turns it back into data. Anything else thrown is a bug.
 */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(formatProblem(problem));
    this.name = 'ProblemError';
  }
}
