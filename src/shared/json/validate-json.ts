import type { z } from 'zod';
import type { Problem, Result } from '../problem';
import { fail, ok } from '../problem';
import { JsonSyntaxError, parseLocatedJson, positionOf } from './located-json';

/** Dotted display form of a path: `systems.shopify.credentials[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

/**
 * Parses `text` as JSON and validates it against `schema`. Every problem is
 * located at the line and column of the offending value in `file`.
 */
export function parseJsonDocument<S extends z.ZodType>(
  text: string,
  schema: S,
  file: string,
  code: string,
): Result<z.infer<S>, Problem[]> {
  let located;
  try {
    located = parseLocatedJson(text);
  } catch (error: unknown) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const { line, column } = error.position;
    return fail([{ code, message: `Not valid JSON: ${error.reason}.`, location: { file, line, column } }]);
  }
  const parsed = schema.safeParse(located.value);
  if (parsed.success) return ok(parsed.data);
  return fail(
    parsed.error.issues.map((issue) => {
      const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
      const position = positionOf(located, path);
      return {
        code,
        message: issue.message,
        location: {
          file,
          path: formatPath(path),
          ...(position === undefined ? {} : { line: position.line, column: position.column }),
        },
      };
    }),
  );
}
