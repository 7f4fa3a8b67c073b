/**
 * NetSuite's record-list filter (`q`): `field OPERATOR value` terms joined by
 * AND / OR, e.g. `externalId IS "shopify-7000000001"` or
 * `lastModifiedDate ON_OR_AFTER "2026-11-01"`. Returns a predicate, or an
 * error message in NetSuite's words.
 */
type Predicate = (record: Record<string, unknown>) => boolean;

const OPERATORS = ['IS', 'IS_NOT', 'ANY_OF', 'CONTAIN', 'START_WITH', 'ON', 'AFTER', 'BEFORE', 'ON_OR_AFTER', 'ON_OR_BEFORE', 'GREATER', 'GREATER_OR_EQUAL', 'LESS', 'LESS_OR_EQUAL', 'EMPTY', 'EMPTY_NOT'] as const;
type Operator = (typeof OPERATORS)[number];

const TERM = /^\s*([A-Za-z][A-Za-z0-9_.]*)\s+([A-Z_]+)\s*(?:"((?:[^"\\]|\\.)*)"|([^\s"]+))?\s*/;

export function parseNetSuiteQuery(text: string): Predicate | { error: string } {
  let rest = text.trim();
  const terms: { predicate: Predicate; joiner: 'AND' | 'OR' }[] = [];
  let joiner: 'AND' | 'OR' = 'AND';
  while (rest.length > 0) {
    const match = TERM.exec(rest);
    if (match === null) return { error: `Invalid search query. Detailed unprocessed description follows. Search error occurred: Invalid or unsupported search near '${rest.slice(0, 40)}'.` };
    const [whole, field = '', operator = '', quoted, bare] = match;
    if (!(OPERATORS as readonly string[]).includes(operator)) return { error: `Invalid search query. Unknown operator ${operator}.` };
    terms.push({ predicate: term(field, operator as Operator, quoted ?? bare ?? ''), joiner });
    rest = rest.slice(whole.length);
    const next = /^(AND|OR)\s+/.exec(rest);
    if (next !== null) {
      joiner = next[1] as 'AND' | 'OR';
      rest = rest.slice(next[0].length);
    } else if (rest.length > 0) {
      return { error: `Invalid search query. Expected AND or OR near '${rest.slice(0, 40)}'.` };
    }
  }
  return (record) => terms.reduce<boolean>((result, entry, index) => (index === 0 ? entry.predicate(record) : entry.joiner === 'AND' ? result && entry.predicate(record) : result || entry.predicate(record)), true);
}

function fieldValue(record: Record<string, unknown>, field: string): unknown {
  let value: unknown = record;
  for (const part of field.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  // A reference compares by its id, as NetSuite's filters do.
  if (typeof value === 'object' && value !== null && 'id' in value) return value.id;
  return value;
}

/** Accepts ISO dates and NetSuite's M/D/YYYY. */
function toDate(value: string): string {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  return us === null ? value : `${us[3]}-${us[1]?.padStart(2, '0')}-${us[2]?.padStart(2, '0')}`;
}

function term(field: string, operator: Operator, raw: string): Predicate {
  const value = raw.replace(/\\"/g, '"');
  const asText = (record: Record<string, unknown>): string => {
    const found = fieldValue(record, field);
    return typeof found === 'string' || typeof found === 'number' || typeof found === 'boolean' ? String(found) : '';
  };
  switch (operator) {
    case 'IS':
      return (record) => asText(record) === value;
    case 'IS_NOT':
      return (record) => asText(record) !== value;
    case 'ANY_OF': {
      const options = new Set(value.split(',').map((option) => option.trim()));
      return (record) => options.has(asText(record));
    }
    case 'CONTAIN':
      return (record) => asText(record).toLowerCase().includes(value.toLowerCase());
    case 'START_WITH':
      return (record) => asText(record).toLowerCase().startsWith(value.toLowerCase());
    case 'EMPTY':
      return (record) => asText(record) === '';
    case 'EMPTY_NOT':
      return (record) => asText(record) !== '';
    case 'ON':
      return (record) => asText(record).slice(0, 10) === toDate(value);
    case 'AFTER':
      return (record) => asText(record).slice(0, 10) > toDate(value);
    case 'BEFORE':
      return (record) => asText(record).slice(0, 10) < toDate(value);
    case 'ON_OR_AFTER':
      return (record) => asText(record) >= toDate(value);
    case 'ON_OR_BEFORE':
      return (record) => asText(record).slice(0, 10) <= toDate(value);
    case 'GREATER':
      return (record) => Number(asText(record)) > Number(value);
    case 'GREATER_OR_EQUAL':
      return (record) => Number(asText(record)) >= Number(value);
    case 'LESS':
      return (record) => Number(asText(record)) < Number(value);
    case 'LESS_OR_EQUAL':
      return (record) => Number(asText(record)) <= Number(value);
  }
}
