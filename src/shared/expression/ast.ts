/**
 * Steward's expression language (domain.md §2): field paths, arithmetic,
 * comparisons, logic, conditionals and a fixed library of pure functions.
 * There is no I/O and no way to reach the host, so expressions run
 * in-process as compiled closures — never `eval`.
 */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type Expression =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null; readonly span: Span }
  | { readonly kind: 'path'; readonly segments: readonly string[]; readonly span: Span }
  | { readonly kind: 'unary'; readonly operator: '-' | 'not'; readonly operand: Expression; readonly span: Span }
  | { readonly kind: 'binary'; readonly operator: BinaryOperator; readonly left: Expression; readonly right: Expression; readonly span: Span }
  | { readonly kind: 'conditional'; readonly test: Expression; readonly then: Expression; readonly otherwise: Expression; readonly span: Span }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expression[]; readonly span: Span };

export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or' | '&';

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}
