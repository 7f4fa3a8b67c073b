import type { FieldType } from '../model/project-model';

/**
 * Which field types may carry a value into which: money is integer minor
 * units, so an integer can become money but a decimal cannot (that is how
 * rounding errors creep in); text-like types interchange.
 */
const TEXTLIKE: ReadonlySet<FieldType> = new Set(['string', 'enum', 'reference', 'currency']);

export function assignable(from: FieldType, to: FieldType): boolean {
  if (from === to) return true;
  if (TEXTLIKE.has(from) && TEXTLIKE.has(to)) return true;
  if (from === 'integer' && (to === 'decimal' || to === 'money')) return true;
  if (from === 'money' && to === 'integer') return true;
  if ((from === 'date' && to === 'datetime') || (from === 'datetime' && to === 'date')) return true;
  return false;
}

/** The type of a literal expression, or null when it is not a plain literal. */
export function literalType(expression: string): FieldType | null {
  const text = expression.trim();
  if (/^-?\d+$/.test(text)) return 'integer';
  if (/^-?\d+\.\d+$/.test(text)) return 'decimal';
  if (/^"(?:[^"\\]|\\.)*"$|^'(?:[^'\\]|\\.)*'$/.test(text)) return 'string';
  if (text === 'true' || text === 'false') return 'boolean';
  return null;
}
