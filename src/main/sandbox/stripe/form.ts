/**
 * Stripe's form encoding: `metadata[shopify_order_id]=1`, `expand[]=x`,
 * `items[0][price]=p`. Values stay strings, as Stripe receives them.
 */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };

export function parseStripeForm(text: string): Record<string, FormValue> {
  const root: Record<string, FormValue> = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const bracket = rawKey.indexOf('[');
    const path = bracket === -1 ? [rawKey] : [rawKey.slice(0, bracket), ...[...rawKey.slice(bracket).matchAll(/\[([^\]]*)\]/g)].map((match) => match[1] ?? '')];
    assign(root, path, value);
  }
  return root;
}

function assign(target: Record<string, FormValue> | FormValue[], path: readonly string[], value: string): void {
  const [head = '', ...rest] = path;
  if (Array.isArray(target)) {
    if (rest.length === 0) {
      target.push(value);
      return;
    }
    const index = head === '' ? target.length : Number(head);
    const next = (target[index] ??= rest[0] === '' ? [] : {});
    assign(next as Record<string, FormValue> | FormValue[], rest, value);
    return;
  }
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const existing = target[head];
  const next = existing !== undefined && typeof existing !== 'string' ? existing : rest[0] === '' || /^\d+$/.test(rest[0] ?? '') ? [] : {};
  target[head] = next;
  assign(next, rest, value);
}

export function formString(form: Record<string, FormValue>, key: string): string | undefined {
  const value = form[key];
  return typeof value === 'string' ? value : undefined;
}

export function formRecord(form: Record<string, FormValue>, key: string): Record<string, string> {
  const value = form[key];
  if (value === undefined || typeof value === 'string' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

export function formList(form: Record<string, FormValue>, key: string): string[] {
  const value = form[key];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' ? [value] : [];
}
