/**
 * Shopify's search syntax as the `query` argument takes it:
 * `updated_at:>='2026-11-01' name:#1001 test:false`, terms joined by spaces
 * (AND) or `OR`, `-` or `NOT` to negate. Unknown fields match nothing, as
 * on Shopify.
 */
export type SearchFields = Readonly<Record<string, string | number | boolean | null>>;

interface Term {
  readonly field: string;
  readonly operator: ':' | ':>' | ':>=' | ':<' | ':<=';
  readonly value: string;
  readonly negated: boolean;
}

const TOKEN = /\s*(OR\b|AND\b|NOT\s+|-)?\s*([a-z_]+)(:>=|:<=|:>|:<|:)('(?:[^']*)'|"(?:[^"]*)"|\S+)/gy;

export function parseSearch(query: string): Term[][] | null {
  const groups: Term[][] = [[]];
  TOKEN.lastIndex = 0;
  let consumed = 0;
  for (let match = TOKEN.exec(query); match !== null; match = TOKEN.exec(query)) {
    consumed = TOKEN.lastIndex;
    const [, prefix = '', field = '', operator = ':', raw = ''] = match;
    if (prefix.trim() === 'OR') groups.push([]);
    const value = raw.replace(/^['"]|['"]$/g, '');
    groups[groups.length - 1]?.push({ field, operator: operator as Term['operator'], value, negated: prefix.startsWith('-') || prefix.startsWith('NOT') });
  }
  return query.slice(consumed).trim() === '' ? groups : null;
}

export function matchesSearch(groups: Term[][] | null, fields: SearchFields): boolean {
  if (groups === null) return false;
  return groups.some((terms) => terms.every((term) => term.negated !== matchTerm(term, fields)));
}

function matchTerm(term: Term, fields: SearchFields): boolean {
  if (!(term.field in fields)) return false;
  const actual = fields[term.field];
  if (actual === null || actual === undefined) return false;
  const text = String(actual).toLowerCase();
  const wanted = term.value.toLowerCase();
  switch (term.operator) {
    case ':':
      return wanted.endsWith('*') ? text.startsWith(wanted.slice(0, -1)) : text === wanted;
    case ':>':
      return compare(actual, term.value) > 0;
    case ':>=':
      return compare(actual, term.value) >= 0;
    case ':<':
      return compare(actual, term.value) < 0;
    case ':<=':
      return compare(actual, term.value) <= 0;
  }
}

function compare(actual: string | number | boolean, wanted: string): number {
  if (typeof actual === 'number') return actual - Number(wanted);
  const a = String(actual);
  return a < wanted ? -1 : a > wanted ? 1 : 0;
}
