import { referencedPathsOf } from '../expression/paths';

/**
 * The field paths an expression reads, e.g. `quantity * unitPrice` reads
 * `quantity` and `unitPrice`. Taken from the expression's syntax tree; an
 * expression that does not parse reads nothing (and is reported by the
 * checker on its own).
 */
export function referencedPaths(expression: string): string[] {
  return referencedPathsOf(expression) ?? [];
}
