import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonDocument } from '../../shared/json/validate-json';
import { ProjectTemplate, TEMPLATE_NAMES } from '../../shared/model/template';
import { ProblemError } from '../../shared/problem';
import { APP_ROOT } from './app-meta';

/** Project templates ship as JSON in resources/templates. */
export function loadTemplate(name: string): ProjectTemplate {
  if (!(TEMPLATE_NAMES as readonly string[]).includes(name)) {
    throw new ProblemError({ code: 'TEMPLATE_UNKNOWN', message: `There is no template "${name}".`, hint: `Templates: ${TEMPLATE_NAMES.join(', ')}.` });
  }
  const file = join(APP_ROOT, 'resources', 'templates', `${name}.json`);
  const parsed = parseJsonDocument(readFileSync(file, 'utf8'), ProjectTemplate, file, 'TEMPLATE_INVALID');
  if (!parsed.ok) throw new ProblemError(parsed.error[0] ?? { code: 'TEMPLATE_INVALID', message: `${file} is not a valid template.` });
  return parsed.value;
}
