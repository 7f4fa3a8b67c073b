/**
 * A strict JSON parser that remembers where every value starts, so that a
 * schema error deep inside a file can be reported as `file:line:column`.
 * `JSON.parse` on Node 20 reports neither line nor column, and users editing
 * environment files or bundles by hand need both.
 */

export interface SourcePosition {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

export type JsonPath = readonly (string | number)[];

export interface LocatedJson {
  readonly value: unknown;
  /** Position of the value at each path, keyed by `pathKey(path)`. */
  readonly positions: ReadonlyMap<string, SourcePosition>;
}

export class JsonSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly position: SourcePosition,
  ) {
    super(`${reason} at line ${position.line}, column ${position.column}`);
    this.name = 'JsonSyntaxError';
  }
}

export function pathKey(path: JsonPath): string {
  return JSON.stringify(path);
}

/** The position of the deepest value along `path` that the parser saw. */
export function positionOf(located: LocatedJson, path: JsonPath): SourcePosition | undefined {
  for (let length = path.length; length >= 0; length -= 1) {
    const found = located.positions.get(pathKey(path.slice(0, length)));
    if (found !== undefined) return found;
  }
  return undefined;
}

export function parseLocatedJson(text: string): LocatedJson {
  const parser = new Parser(text);
  const value = parser.parseDocument();
  return { value, positions: parser.positions };
}

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

class Parser {
  readonly positions = new Map<string, SourcePosition>();
  private offset = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly text: string) {}

  parseDocument(): unknown {
    this.skipWhitespace();
    if (this.offset >= this.text.length) this.fail('The file is empty; expected a JSON value');
    const value = this.parseValue([]);
    this.skipWhitespace();
    if (this.offset < this.text.length) this.fail(`Unexpected ${this.describeCurrent()} after the JSON value`);
    return value;
  }

  private parseValue(path: (string | number)[]): unknown {
    this.positions.set(pathKey(path), this.here());
    const char = this.text[this.offset];
    switch (char) {
      case '{':
        return this.parseObject(path);
      case '[':
        return this.parseArray(path);
      case '"':
        return this.parseString();
      case 't':
        return this.parseLiteral('true', true);
      case 'f':
        return this.parseLiteral('false', false);
      case 'n':
        return this.parseLiteral('null', null);
      default:
        if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.parseNumber();
        return this.fail(`Unexpected ${this.describeCurrent()}; expected a JSON value`);
    }
  }

  private parseObject(path: (string | number)[]): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.offset += 1;
    this.skipWhitespace();
    if (this.text[this.offset] === '}') {
      this.offset += 1;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.offset] !== '"') this.fail(`Unexpected ${this.describeCurrent()}; expected a property name in double quotes`);
      const keyPosition = this.here();
      const key = this.parseString();
      if (Object.prototype.hasOwnProperty.call(result, key)) throw new JsonSyntaxError(`Duplicate property "${key}"`, keyPosition);
      this.skipWhitespace();
      this.expect(':');
      this.skipWhitespace();
      // Defining the property avoids `__proto__` keys changing the prototype.
      Object.defineProperty(result, key, {
        value: this.parseValue([...path, key]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.skipWhitespace();
      if (this.text[this.offset] === ',') {
        this.offset += 1;
        continue;
      }
      this.expect('}');
      return result;
    }
  }

  private parseArray(path: (string | number)[]): unknown[] {
    const result: unknown[] = [];
    this.offset += 1;
    this.skipWhitespace();
    if (this.text[this.offset] === ']') {
      this.offset += 1;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      result.push(this.parseValue([...path, result.length]));
      this.skipWhitespace();
      if (this.text[this.offset] === ',') {
        this.offset += 1;
        continue;
      }
      this.expect(']');
      return result;
    }
  }

  private parseString(): string {
    this.offset += 1;
    let result = '';
    for (;;) {
      const char = this.text[this.offset];
      if (char === undefined) this.fail('Unterminated string');
      if (char === '"') {
        this.offset += 1;
        return result;
      }
      if (char === '\n' || char < ' ') this.fail('Control character in string; escape it');
      if (char === '\\') {
        const escaped = this.text[this.offset + 1] ?? '';
        if (escaped === 'u') {
          const hex = this.text.slice(this.offset + 2, this.offset + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Invalid \\u escape');
          result += String.fromCharCode(Number.parseInt(hex, 16));
          this.offset += 6;
          continue;
        }
        const replacement = ESCAPES[escaped];
        if (replacement === undefined) this.fail(`Invalid escape \\${escaped}`);
        result += replacement;
        this.offset += 2;
        continue;
      }
      result += char;
      this.offset += 1;
    }
  }

  private parseNumber(): number {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.offset, this.offset + 400));
    if (match === null) return this.fail('Invalid number');
    this.offset += match[0].length;
    return Number(match[0]);
  }

  private parseLiteral<T>(word: string, value: T): T {
    if (this.text.slice(this.offset, this.offset + word.length) !== word) {
      this.fail(`Unexpected ${this.describeCurrent()}; expected a JSON value`);
    }
    this.offset += word.length;
    return value;
  }

  private expect(char: string): void {
    if (this.text[this.offset] !== char) this.fail(`Unexpected ${this.describeCurrent()}; expected "${char}"`);
    this.offset += 1;
  }

  private skipWhitespace(): void {
    for (;;) {
      const char = this.text[this.offset];
      if (char === '\n') {
        this.offset += 1;
        this.line += 1;
        this.lineStart = this.offset;
      } else if (char === ' ' || char === '\t' || char === '\r') {
        this.offset += 1;
      } else {
        return;
      }
    }
  }

  private describeCurrent(): string {
    const char = this.text[this.offset];
    return char === undefined ? 'end of file' : `character ${JSON.stringify(char)}`;
  }

  private here(): SourcePosition {
    return { line: this.line, column: this.offset - this.lineStart + 1, offset: this.offset };
  }

  private fail(reason: string): never {
    throw new JsonSyntaxError(reason, this.here());
  }
}
