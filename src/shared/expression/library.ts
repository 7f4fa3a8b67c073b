/**
 * The functions expressions may call: pure, total (they never throw on
 * ordinary data), and typed for the checker. `itemScoped` functions
 * evaluate their second argument once per list item.
 */
import { fromMinorUnits, toMinorUnits } from '../money';
export type ExprType = 'string' | 'number' | 'boolean' | 'list' | 'any' | 'null';

export interface LibraryFunction {
  readonly params: readonly ExprType[];
  readonly optional?: number;
  readonly variadic?: boolean;
  readonly returns: ExprType;
  readonly itemScoped?: boolean;
  readonly summary: string;
  readonly apply: (...args: unknown[]) => unknown;
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : null);
const text = (value: unknown): string => (value === null || value === undefined ? '' : typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value));
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const isoDate = (value: unknown): Date | null => {
  const parsed = Date.parse(text(value));
  return Number.isNaN(parsed) ? null : new Date(parsed);
};

export const LIBRARY: Readonly<Record<string, LibraryFunction>> = {
  round: { params: ['number', 'number'], optional: 1, returns: 'number', summary: 'round(n, digits?)', apply: (n, digits) => { const value = num(n); if (value === null) return null; const factor = 10 ** (num(digits) ?? 0); return Math.round(value * factor) / factor; } },
  floor: { params: ['number'], returns: 'number', summary: 'floor(n)', apply: (n) => { const value = num(n); return value === null ? null : Math.floor(value); } },
  ceil: { params: ['number'], returns: 'number', summary: 'ceil(n)', apply: (n) => { const value = num(n); return value === null ? null : Math.ceil(value); } },
  abs: { params: ['number'], returns: 'number', summary: 'abs(n)', apply: (n) => { const value = num(n); return value === null ? null : Math.abs(value); } },
  min: { params: ['number'], variadic: true, returns: 'number', summary: 'min(a, b, …)', apply: (...values) => { const numbers = values.map(num).filter((value): value is number => value !== null); return numbers.length === 0 ? null : Math.min(...numbers); } },
  max: { params: ['number'], variadic: true, returns: 'number', summary: 'max(a, b, …)', apply: (...values) => { const numbers = values.map(num).filter((value): value is number => value !== null); return numbers.length === 0 ? null : Math.max(...numbers); } },
  toMinor: { params: ['any', 'string'], returns: 'number', summary: 'toMinor(amount, currency): decimal to integer minor units', apply: (amount, currency) => toMinorUnits(num(amount), text(currency)) },
  fromMinor: { params: ['number', 'string'], returns: 'string', summary: 'fromMinor(minor, currency): integer minor units to a decimal string', apply: (minor, currency) => { const value = num(minor); return value === null ? null : fromMinorUnits(value, text(currency)); } },
  number: { params: ['any'], returns: 'number', summary: 'number(x)', apply: (value) => num(value) },
  string: { params: ['any'], returns: 'string', summary: 'string(x)', apply: (value) => text(value) },
  upper: { params: ['string'], returns: 'string', summary: 'upper(s)', apply: (value) => text(value).toUpperCase() },
  lower: { params: ['string'], returns: 'string', summary: 'lower(s)', apply: (value) => text(value).toLowerCase() },
  trim: { params: ['string'], returns: 'string', summary: 'trim(s)', apply: (value) => text(value).trim() },
  concat: { params: ['any'], variadic: true, returns: 'string', summary: 'concat(a, b, …)', apply: (...values) => values.map(text).join('') },
  substring: { params: ['string', 'number', 'number'], optional: 1, returns: 'string', summary: 'substring(s, start, length?)', apply: (value, start, length) => { const source = text(value); const from = num(start) ?? 0; const count = num(length); return count === null ? source.slice(from) : source.slice(from, from + count); } },
  replace: { params: ['string', 'string', 'string'], returns: 'string', summary: 'replace(s, find, with)', apply: (value, find, replacement) => text(value).split(text(find)).join(text(replacement)) },
  contains: { params: ['string', 'string'], returns: 'boolean', summary: 'contains(s, part)', apply: (value, part) => text(value).includes(text(part)) },
  startsWith: { params: ['string', 'string'], returns: 'boolean', summary: 'startsWith(s, prefix)', apply: (value, prefix) => text(value).startsWith(text(prefix)) },
  length: { params: ['any'], returns: 'number', summary: 'length(text or list)', apply: (value) => (Array.isArray(value) ? value.length : text(value).length) },
  split: { params: ['string', 'string'], returns: 'list', summary: 'split(s, separator)', apply: (value, separator) => text(value).split(text(separator)) },
  join: { params: ['list', 'string'], returns: 'string', summary: 'join(list, separator)', apply: (items, separator) => list(items).map(text).join(text(separator)) },
  coalesce: { params: ['any'], variadic: true, returns: 'any', summary: 'coalesce(a, b, …): the first that is not null', apply: (...values) => values.find((value) => value !== null && value !== undefined && value !== '') ?? null },
  date: { params: ['string'], returns: 'string', summary: 'date(iso): the UTC calendar date', apply: (value) => isoDate(value)?.toISOString().slice(0, 10) ?? null },
  addDays: { params: ['string', 'number'], returns: 'string', summary: 'addDays(iso, n)', apply: (value, days) => { const date = isoDate(value); return date === null ? null : new Date(date.getTime() + (num(days) ?? 0) * 86_400_000).toISOString(); } },
  daysBetween: { params: ['string', 'string'], returns: 'number', summary: 'daysBetween(a, b)', apply: (a, b) => { const from = isoDate(a); const to = isoDate(b); return from === null || to === null ? null : Math.round((to.getTime() - from.getTime()) / 86_400_000); } },
  count: { params: ['list', 'boolean'], optional: 1, itemScoped: true, returns: 'number', summary: 'count(list, condition?)', apply: (items) => list(items).length },
  sum: { params: ['list', 'number'], optional: 1, itemScoped: true, returns: 'number', summary: 'sum(list, value per item?)', apply: (items) => list(items).reduce<number>((total, item) => total + (num(item) ?? 0), 0) },
  map: { params: ['list', 'any'], itemScoped: true, returns: 'list', summary: 'map(list, value per item)', apply: (items) => list(items) },
  filter: { params: ['list', 'boolean'], itemScoped: true, returns: 'list', summary: 'filter(list, condition per item)', apply: (items) => list(items) },
  first: { params: ['list'], returns: 'any', summary: 'first(list)', apply: (items) => list(items)[0] ?? null },
};

export { num as toNumber, text as toText };
