import type { Expression } from './ast';
import { parseExpression } from './parser';

/** Every field path an expression reads, from its syntax tree. */
export function pathsOf(node: Expression): string[] {
  switch (node.kind) {
    case 'literal':
      return [];
    case 'path':
      return [node.segments.join('.')];
    case 'unary':
      return pathsOf(node.operand);
    case 'binary':
      return [...pathsOf(node.left), ...pathsOf(node.right)];
    case 'conditional':
      return [...pathsOf(node.test), ...pathsOf(node.then), ...pathsOf(node.otherwise)];
    case 'call':
      return node.args.flatMap(pathsOf);
  }
}

/** The paths of `source`, or null when it does not parse. */
export function referencedPathsOf(source: string): string[] | null {
  try {
    return [...new Set(pathsOf(parseExpression(source)))];
  } catch {
    return null;
  }
}
