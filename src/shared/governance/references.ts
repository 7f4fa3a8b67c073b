/**
 * The field paths an expression reads, e.g. `quantity * unitPrice` reads
 * `quantity` and `unitPrice`; `order.lines` reads `order.lines`. A small
 * tokenizer until the expression language's parser (designer issue) takes
 * over: strings, numbers, function names and keywords are skipped.
 */
const KEYWORDS = new Set(['true', 'false', 'null', 'and', 'or', 'not', 'if', 'then', 'else', 'in']);

export function referencedPaths(expression: string): string[] {
  const paths: string[] = [];
  const pattern = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\d+(?:\.\d+)?|[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*(\s*\()?/g;
  for (const match of expression.matchAll(pattern)) {
    const token = match[0];
    if (/^["'\d]/.test(token) || match[1] !== undefined) continue;
    const path = token.replace(/^\$\.?/, '');
    if (path === '' || KEYWORDS.has(path)) continue;
    paths.push(path);
  }
  return [...new Set(paths)];
}
