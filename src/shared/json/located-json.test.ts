import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseLocatedJson, positionOf } from './located-json';

describe('parseLocatedJson', () => {
  it('parses like JSON.parse', () => {
    const text = '{"a": [1, -2.5e3, true, false, null], "b": {"c": "x\\u0041\\n"}}';
    expect(parseLocatedJson(text).value).toEqual(JSON.parse(text));
  });

  it('records where each value starts', () => {
    const located = parseLocatedJson('{\n  "systems": {\n    "shopify": {\n      "baseUrl": "x"\n    }\n  }\n}');
    expect(positionOf(located, ['systems', 'shopify', 'baseUrl'])).toMatchObject({ line: 4, column: 18 });
    // A path that goes deeper than the document falls back to the nearest value.
    expect(positionOf(located, ['systems', 'shopify', 'credentials', 'token'])).toMatchObject({ line: 3, column: 16 });
  });

  it.each([
    ['{"a": 1,}', 1, 9, 'expected a property name'],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, 'expected "}"'],
    ['', 1, 1, 'empty'],
    ['{"a": 1} x', 1, 10, 'after the JSON value'],
    ['{"a": "b', 1, 9, 'Unterminated string'],
    ['{"a": 1, "a": 2}', 1, 10, 'Duplicate property "a"'],
  ])('locates the error in %j', (text, line, column, reason) => {
    try {
      parseLocatedJson(text);
      expect.unreachable();
    } catch (error: unknown) {
      expect(error).toBeInstanceOf(JsonSyntaxError);
      const syntax = error as JsonSyntaxError;
      expect(syntax.position).toMatchObject({ line, column });
      expect(syntax.reason).toContain(reason);
    }
  });

  it('keeps a "__proto__" key as data instead of changing the prototype', () => {
    const value = parseLocatedJson('{"__proto__": {"polluted": true}}').value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
  });
});
