import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ProblemError } from '../../shared/problem';
import { parseJsonDocument } from '../../shared/json/validate-json';
import { ScenarioPack } from '../../shared/sandbox/scenario';
import { APP_ROOT } from '../services/app-meta';

/** Scenario packs ship as JSON in resources/scenarios; a malformed one is refused with its location. */
export const SCENARIO_DIR = join(APP_ROOT, 'resources', 'scenarios');

export function scenarioNames(directory = SCENARIO_DIR): string[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

export function loadScenario(name: string, directory = SCENARIO_DIR): ScenarioPack {
  const names = scenarioNames(directory);
  if (!names.includes(name)) {
    throw new ProblemError({ code: 'SCENARIO_UNKNOWN', message: `There is no scenario "${name}".`, hint: `Known scenarios: ${names.join(', ')}.` });
  }
  const file = join(directory, `${name}.json`);
  const parsed = parseJsonDocument(readFileSync(file, 'utf8'), ScenarioPack, file, 'SCENARIO_INVALID');
  if (!parsed.ok) throw new ProblemError(parsed.error[0] ?? { code: 'SCENARIO_INVALID', message: `${file} is not a valid scenario pack.` });
  if (parsed.value.name !== name) throw new ProblemError({ code: 'SCENARIO_INVALID', message: `${file} names itself "${parsed.value.name}"; its file name says "${name}".`, location: { file, path: 'name' } });
  return parsed.value;
}
