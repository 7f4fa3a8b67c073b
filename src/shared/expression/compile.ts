import type { Expression, Span } from './ast';
import { ExpressionError } from './ast';
import type { ExprType } from './library';
import { LIBRARY, toNumber, toText } from './library';
import { parseExpression } from './parser';

/**
 * Type-checks an expression against the fields in scope and compiles it to
 * a closure, once: a run evaluates the closure per record with no parsing.
 * Paths resolve against the current list item first (inside sum, map, …),
 * then against the record.
 */
export type Scope = ReadonlyMap<string, ExprType>;

export interface CompiledExpression {
  readonly type: ExprType;
  evaluate(record: unknown): unknown;
}

export interface ExpressionProblem {
  readonly message: string;
  readonly span: Span;
}

type Closure = (record: unknown, item: unknown) => unknown;

export function compileExpression(source: string, scope: Scope | null = null): { ok: true; value: CompiledExpression } | { ok: false; error: ExpressionProblem } {
  try {
    const ast = parseExpression(source);
    const type = scope === null ? 'any' : check(ast, scope, false);
    const closure = build(ast);
    return { ok: true, value: { type, evaluate: (record) => closure(record, undefined) } };
  } catch (error: unknown) {
    if (error instanceof ExpressionError) return { ok: false, error: { message: error.message, span: error.span } };
    throw error;
  }
}

const NUMERIC = new Set(['+', '-', '*', '/', '%']);
const COMPARE = new Set(['<', '<=', '>', '>=']);

function compatible(actual: ExprType, wanted: ExprType): boolean {
  return actual === wanted || actual === 'any' || wanted === 'any' || actual === 'null';
}

function check(node: Expression, scope: Scope, inItem: boolean): ExprType {
  switch (node.kind) {
    case 'literal':
      return node.value === null ? 'null' : typeof node.value === 'number' ? 'number' : typeof node.value === 'boolean' ? 'boolean' : 'string';
    case 'path': {
      const path = node.segments.join('.');
      const found = scope.get(path) ?? scope.get(node.segments.at(-1) ?? path);
      if (found !== undefined) return found;
      if (inItem) return 'any';
      // A path into a list field (order.lines.sku) or a nested record is allowed, untyped.
      for (let length = node.segments.length - 1; length > 0; length -= 1) {
        const prefix = scope.get(node.segments.slice(0, length).join('.'));
        if (prefix === 'list' || prefix === 'any') return 'any';
      }
      const known = [...scope.keys()].slice(0, 8).join(', ');
      throw new ExpressionError(`There is no field "${path}" here.${known === '' ? '' : ` Fields: ${known}${scope.size > 8 ? ', …' : ''}.`}`, node.span);
    }
    case 'unary': {
      const operand = check(node.operand, scope, inItem);
      const wanted = node.operator === '-' ? 'number' : 'boolean';
      if (!compatible(operand, wanted)) throw new ExpressionError(`"${node.operator}" needs a ${wanted}, not a ${operand}.`, node.span);
      return wanted;
    }
    case 'binary': {
      const left = check(node.left, scope, inItem);
      const right = check(node.right, scope, inItem);
      if (NUMERIC.has(node.operator)) {
        for (const [side, type] of [[node.left, left], [node.right, right]] as const) {
          if (!compatible(type, 'number')) throw new ExpressionError(`"${node.operator}" works on numbers; this is a ${type}.${type === 'string' ? ' Use & to join text, or number(x).' : ''}`, side.span);
        }
        return 'number';
      }
      if (COMPARE.has(node.operator)) {
        if (!compatible(left, right) && !compatible(right, left)) throw new ExpressionError(`Cannot compare a ${left} with a ${right}.`, node.span);
        return 'boolean';
      }
      if (node.operator === 'and' || node.operator === 'or') return 'boolean';
      if (node.operator === '&') return 'string';
      return 'boolean';
    }
    case 'conditional': {
      const test = check(node.test, scope, inItem);
      if (!compatible(test, 'boolean')) throw new ExpressionError(`The condition must be true or false, not a ${test}.`, node.test.span);
      const then = check(node.then, scope, inItem);
      const otherwise = check(node.otherwise, scope, inItem);
      return then === otherwise ? then : then === 'null' ? otherwise : otherwise === 'null' ? then : 'any';
    }
    case 'call': {
      const fn = LIBRARY[node.name];
      if (fn === undefined) throw new ExpressionError(`There is no function "${node.name}". Functions: ${Object.keys(LIBRARY).join(', ')}.`, node.span);
      const required = fn.params.length - (fn.optional ?? 0);
      if (node.args.length < required || (!fn.variadic && node.args.length > fn.params.length)) {
        throw new ExpressionError(`${fn.summary} takes ${fn.variadic ? `at least ${required}` : fn.optional === undefined ? fn.params.length : `${required} to ${fn.params.length}`} argument${fn.params.length === 1 ? '' : 's'}.`, node.span);
      }
      node.args.forEach((arg, index) => {
        const itemArgument = fn.itemScoped === true && index === 1;
        const type = check(arg, scope, inItem || itemArgument);
        const wanted = fn.params[Math.min(index, fn.params.length - 1)] ?? 'any';
        if (!itemArgument && !compatible(type, wanted)) throw new ExpressionError(`Argument ${index + 1} of ${node.name} must be a ${wanted}, not a ${type}.`, arg.span);
      });
      return fn.returns;
    }
  }
}

function read(value: unknown, segments: readonly string[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (Array.isArray(current)) current = current.map((entry) => read(entry, [segment]));
    else if (typeof current === 'object' && current !== null && Object.prototype.hasOwnProperty.call(current, segment)) current = (current as Record<string, unknown>)[segment];
    else return null;
  }
  return current ?? null;
}

function build(node: Expression): Closure {
  switch (node.kind) {
    case 'literal': {
      const value = node.value;
      return () => value;
    }
    case 'path': {
      const segments = node.segments;
      return (record, item) => {
        if (item !== undefined && typeof item === 'object' && item !== null) {
          const fromItem = read(item, segments);
          if (fromItem !== null) return fromItem;
        }
        return read(record, segments);
      };
    }
    case 'unary': {
      const operand = build(node.operand);
      if (node.operator === '-') return (record, item) => { const value = toNumber(operand(record, item)); return value === null ? null : -value; };
      return (record, item) => !truthy(operand(record, item));
    }
    case 'binary':
      return binary(node.operator, build(node.left), build(node.right));
    case 'conditional': {
      const test = build(node.test);
      const then = build(node.then);
      const otherwise = build(node.otherwise);
      return (record, item) => (truthy(test(record, item)) ? then(record, item) : otherwise(record, item));
    }
    case 'call': {
      const fn = LIBRARY[node.name];
      if (fn === undefined) throw new ExpressionError(`There is no function "${node.name}".`, node.span);
      const args = node.args.map(build);
      if (fn.itemScoped === true && args.length > 1) return itemCall(node.name, args);
      return (record, item) => fn.apply(...args.map((arg) => arg(record, item)));
    }
  }
}

function itemCall(name: string, args: readonly Closure[]): Closure {
  const [source, perItem] = args as [Closure, Closure];
  return (record, item) => {
    const items = source(record, item);
    const list: unknown[] = Array.isArray(items) ? (items as unknown[]) : [];
    switch (name) {
      case 'sum':
        return list.reduce<number>((total, entry) => total + (toNumber(perItem(record, entry)) ?? 0), 0);
      case 'count':
        return list.filter((entry) => truthy(perItem(record, entry))).length;
      case 'map':
        return list.map((entry) => perItem(record, entry));
      case 'filter':
        return list.filter((entry) => truthy(perItem(record, entry)));
      default:
        return null;
    }
  };
}

/** Whether a value counts as true in a condition: not null, false, 0 or empty text. */
export function truthy(value: unknown): boolean {
  return value !== null && value !== undefined && value !== false && value !== 0 && value !== '';
}

function binary(operator: string, left: Closure, right: Closure): Closure {
  const arithmetic = (apply: (a: number, b: number) => number): Closure => (record, item) => {
    const a = toNumber(left(record, item));
    const b = toNumber(right(record, item));
    return a === null || b === null ? null : apply(a, b);
  };
  switch (operator) {
    case '+':
      return arithmetic((a, b) => a + b);
    case '-':
      return arithmetic((a, b) => a - b);
    case '*':
      return arithmetic((a, b) => a * b);
    case '/':
      return (record, item) => {
        const a = toNumber(left(record, item));
        const b = toNumber(right(record, item));
        return a === null || b === null || b === 0 ? null : a / b;
      };
    case '%':
      return arithmetic((a, b) => a % b);
    case '&':
      return (record, item) => toText(left(record, item)) + toText(right(record, item));
    case 'and':
      return (record, item) => truthy(left(record, item)) && truthy(right(record, item));
    case 'or':
      return (record, item) => truthy(left(record, item)) || truthy(right(record, item));
    case '==':
      return (record, item) => equal(left(record, item), right(record, item));
    case '!=':
      return (record, item) => !equal(left(record, item), right(record, item));
    default:
      return (record, item) => {
        const a = left(record, item);
        const b = right(record, item);
        if (a === null || b === null) return false;
        const [x, y] = typeof a === 'number' || typeof b === 'number' ? [toNumber(a) ?? Number.NaN, toNumber(b) ?? Number.NaN] : [toText(a), toText(b)];
        return operator === '<' ? x < y : operator === '<=' ? x <= y : operator === '>' ? x > y : x >= y;
      };
  }
}

function equal(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return toNumber(a) === toNumber(b);
  return (a ?? null) === (b ?? null);
}
