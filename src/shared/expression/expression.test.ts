import { describe, expect, it } from 'vitest';
import type { ExprType } from './library';
import { compileExpression } from './compile';

const order = {
  name: '#1001',
  currency: 'USD',
  total: '120.50',
  shipping: 595,
  customer: { email: 'ava@example.com', firstName: 'Ava' },
  lines: [
    { sku: 'TEE-BLK-M', quantity: 2, unitPrice: 2500 },
    { sku: 'MUG-01', quantity: 1, unitPrice: 1800 },
  ],
};

const scope: ReadonlyMap<string, ExprType> = new Map([
  ['name', 'string'],
  ['currency', 'string'],
  ['total', 'string'],
  ['shipping', 'number'],
  ['customer.email', 'string'],
  ['customer.firstName', 'string'],
  ['lines', 'list'],
]);

const evaluate = (source: string, record: unknown = order): unknown => {
  const compiled = compileExpression(source, scope);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.value.evaluate(record);
};

describe('the expression language', () => {
  it.each([
    ['name', '#1001'],
    ['"shopify-" & name', 'shopify-#1001'],
    ['customer.email', 'ava@example.com'],
    ['shipping * 2 + 10', 1200],
    ['toMinor(total, currency)', 12050],
    ['fromMinor(shipping, currency)', '5.95'],
    ['sum(lines, quantity * unitPrice)', 6800],
    ['count(lines, quantity > 1)', 1],
    ['join(map(lines, sku), ",")', 'TEE-BLK-M,MUG-01'],
    ['if shipping > 0 then "paid" else "free"', 'paid'],
    ['shipping > 500 ? upper(name) : lower(name)', '#1001'],
    ['not (shipping == 595) or contains(name, "100")', true],
    ['round(10 / 3, 2)', 3.33],
    ['addDays("2026-11-20T09:00:00.000Z", 8)', '2026-11-28T09:00:00.000Z'],
    ['toMinor("1500", "JPY")', 1500],
  ])('%s → %j', (source, expected) => {
    expect(evaluate(source)).toEqual(expected);
  });

  it('coalesce picks the first present value', () => {
    expect(evaluate('coalesce(customer.firstName, "none")', { customer: {} })).toBe('none');
  });

  it('propagates missing values instead of throwing', () => {
    expect(evaluate('shipping * 2', {})).toBeNull();
    expect(evaluate('10 / 0')).toBeNull();
    expect(evaluate('customer.firstName', { customer: null })).toBeNull();
  });

  it.each([
    ['unknown field', 'nmae', 'There is no field "nmae" here', 0, 4],
    ['text in arithmetic', 'name * 2', 'works on numbers; this is a string', 0, 4],
    ['unknown function', 'frobnicate(name)', 'There is no function "frobnicate"', 0, 16],
    ['wrong arity', 'round()', 'round(n, digits?) takes 1 to 2 arguments', 0, 7],
    ['unclosed text', '"abc', 'no closing quote', 0, 4],
    ['dangling operator', 'shipping +', 'incomplete', 10, 10],
    ['junk after', 'name name', 'Unexpected "name" after the expression', 5, 9],
  ])('reports %s with its location', (_label, source, message, start, end) => {
    const compiled = compileExpression(source, scope);
    expect(compiled.ok).toBe(false);
    if (compiled.ok) return;
    expect(compiled.error.message).toContain(message);
    expect(compiled.error.span).toEqual({ start, end });
  });

  it('never reaches the host: constructor chains and globals are just missing fields', () => {
    const constructor = compileExpression('constructor');
    expect(constructor.ok && constructor.value.evaluate(order)).toBeNull();
    expect(compileExpression('constructor', scope).ok).toBe(false);
    const unchecked = compileExpression('process.env');
    expect(unchecked.ok && unchecked.value.evaluate({})).toBeNull();
    const proto = compileExpression('__proto__.polluted');
    expect(proto.ok && proto.value.evaluate({})).toBeNull();
  });
});
