/** A scalar as text, for keys and reasons: '' for anything that is not a string, number or boolean. */
export function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}
