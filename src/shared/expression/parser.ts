import type { BinaryOperator, Expression, Span } from './ast';
import { ExpressionError } from './ast';

/**
 * A Pratt parser. Grammar, loosest first: `if c then a else b` (or
 * `c ? a : b`), `or`, `and`, comparisons, `&` (text concatenation), `+ -`,
 * `* / %`, unary `- not`, then literals, paths (`order.lines`), calls
 * (`round(x, 2)`) and parentheses.
 */
interface Token {
  readonly type: 'number' | 'string' | 'name' | 'symbol' | 'end';
  readonly text: string;
  readonly value?: string | number;
  readonly span: Span;
}

const SYMBOLS = ['==', '!=', '<=', '>=', '&&', '||', '+', '-', '*', '/', '%', '<', '>', '(', ')', ',', '.', '?', ':', '!', '&'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index] ?? '';
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    const start = index;
    if (/[0-9]/.test(char)) {
      const match = /^[0-9]+(\.[0-9]+)?/.exec(source.slice(index));
      const text = match?.[0] ?? char;
      index += text.length;
      tokens.push({ type: 'number', text, value: Number(text), span: { start, end: index } });
      continue;
    }
    if (char === '"' || char === "'") {
      let value = '';
      index += 1;
      while (index < source.length && source[index] !== char) {
        if (source[index] === '\\') index += 1;
        value += source[index] ?? '';
        index += 1;
      }
      if (index >= source.length) throw new ExpressionError('This text has no closing quote.', { start, end: source.length });
      index += 1;
      tokens.push({ type: 'string', text: source.slice(start, index), value, span: { start, end: index } });
      continue;
    }
    if (/[A-Za-z_$]/.test(char)) {
      const match = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(source.slice(index));
      const text = match?.[0] ?? char;
      index += text.length;
      tokens.push({ type: 'name', text, span: { start, end: index } });
      continue;
    }
    const symbol = SYMBOLS.find((candidate) => source.startsWith(candidate, index));
    if (symbol === undefined) throw new ExpressionError(`"${char}" is not part of the expression language.`, { start, end: start + 1 });
    index += symbol.length;
    tokens.push({ type: 'symbol', text: symbol, span: { start, end: index } });
  }
  tokens.push({ type: 'end', text: '', span: { start: source.length, end: source.length } });
  return tokens;
}

const BINDING: Readonly<Record<string, number>> = { or: 1, '||': 1, and: 2, '&&': 2, '==': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3, '&': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 };
const NORMAL: Readonly<Record<string, BinaryOperator>> = { '||': 'or', '&&': 'and' };
const KEYWORDS = new Set(['true', 'false', 'null', 'and', 'or', 'not', 'if', 'then', 'else']);

export function parseExpression(source: string): Expression {
  const tokens = tokenize(source);
  let position = 0;
  const peek = (): Token => tokens[position] ?? tokens[tokens.length - 1] ?? { type: 'end', text: '', span: { start: 0, end: 0 } };
  const next = (): Token => {
    const token = peek();
    position += 1;
    return token;
  };
  const expect = (text: string): Token => {
    const token = next();
    if (token.text !== text) throw new ExpressionError(token.type === 'end' ? `The expression ends where "${text}" was expected.` : `Expected "${text}" but found "${token.text}".`, token.span);
    return token;
  };
  const span = (start: Span, end: Span): Span => ({ start: start.start, end: end.end });

  function expression(): Expression {
    if (peek().type === 'name' && peek().text === 'if') {
      const start = next().span;
      const test = expression();
      expect('then');
      const then = expression();
      expect('else');
      const otherwise = expression();
      return { kind: 'conditional', test, then, otherwise, span: span(start, otherwise.span) };
    }
    const test = binary(0);
    if (peek().text !== '?') return test;
    next();
    const then = expression();
    expect(':');
    const otherwise = expression();
    return { kind: 'conditional', test, then, otherwise, span: span(test.span, otherwise.span) };
  }

  function binary(minimum: number): Expression {
    let left = unary();
    for (;;) {
      const token = peek();
      const power = (token.type === 'symbol' || token.type === 'name') ? BINDING[token.text] : undefined;
      if (power === undefined || power <= minimum) return left;
      next();
      const right = binary(power);
      const operator = (NORMAL[token.text] ?? token.text) as BinaryOperator;
      left = { kind: 'binary', operator, left, right, span: span(left.span, right.span) };
    }
  }

  function unary(): Expression {
    const token = peek();
    if (token.text === '-' || token.text === '!' || (token.type === 'name' && token.text === 'not')) {
      next();
      const operand = unary();
      return { kind: 'unary', operator: token.text === '-' ? '-' : 'not', operand, span: span(token.span, operand.span) };
    }
    return primary();
  }

  function primary(): Expression {
    const token = next();
    if (token.type === 'number' || token.type === 'string') return { kind: 'literal', value: token.value ?? null, span: token.span };
    if (token.text === '(') {
      const inner = expression();
      expect(')');
      return inner;
    }
    if (token.type === 'name') {
      if (token.text === 'true' || token.text === 'false') return { kind: 'literal', value: token.text === 'true', span: token.span };
      if (token.text === 'null') return { kind: 'literal', value: null, span: token.span };
      if (KEYWORDS.has(token.text)) throw new ExpressionError(`"${token.text}" cannot start a value here.`, token.span);
      if (peek().text === '(') {
        next();
        const args: Expression[] = [];
        if (peek().text !== ')') {
          for (;;) {
            args.push(expression());
            if (peek().text !== ',') break;
            next();
          }
        }
        const close = expect(')');
        return { kind: 'call', name: token.text, args, span: span(token.span, close.span) };
      }
      const segments = [token.text];
      let end = token.span;
      while (peek().text === '.') {
        next();
        const segment = next();
        if (segment.type !== 'name') throw new ExpressionError('A field name must follow ".".', segment.span);
        segments.push(segment.text);
        end = segment.span;
      }
      return { kind: 'path', segments, span: span(token.span, end) };
    }
    throw new ExpressionError(token.type === 'end' ? 'The expression is incomplete.' : `Unexpected "${token.text}".`, token.span);
  }

  const result = expression();
  const rest = peek();
  if (rest.type !== 'end') throw new ExpressionError(`Unexpected "${rest.text}" after the expression.`, rest.span);
  return result;
}
