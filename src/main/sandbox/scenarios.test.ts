import { afterAll, describe, expect, it } from 'vitest';
import { clientsFor } from '../../../test/sandbox/clients';
import { observe } from '../../../test/sandbox/observer';
import { Sandbox, buildStates } from './sandbox';
import { loadScenario, scenarioNames } from './scenarios';

/**
 * Every scenario pack's state answer key is exactly what its sandbox serves:
 * each planted inconsistency is observable through the vendors' HTTP APIs,
 * and nothing else is inconsistent. Checked for two seeds.
 */
const running: Sandbox[] = [];
afterAll(async () => {
  await Promise.all(running.map((sandbox) => sandbox.stop()));
});

describe('scenario packs', () => {
  it('ship at least ten of the fifteen inconsistency scenarios and the four field notes', () => {
    const packs = scenarioNames().map((name) => loadScenario(name));
    expect(new Set(packs.flatMap((pack) => pack.reproduces).filter((number) => number <= 15)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(packs.map((pack) => pack.fieldNote).filter((note) => note !== undefined))).toEqual(new Set(['double-write', 'settlement-drift', '3pl-swap', 'silent-failure']));
    const badImport = packs.find((pack) => pack.name === 'bad-product-import');
    expect(badImport?.answers.state.length).toBeGreaterThanOrEqual(100);
  });

  it('give the same data for the same seed, and different data for another', () => {
    const scenario = loadScenario('settlement-drift');
    expect(JSON.stringify(buildStates(scenario, 42))).toBe(JSON.stringify(buildStates(scenario, 42)));
    expect(JSON.stringify(buildStates(scenario, 42))).not.toBe(JSON.stringify(buildStates(scenario, 43)));
  });

  for (const name of scenarioNames()) {
    for (const seed of [1, 7]) {
      it(`${name} (seed ${seed}): the state answer key is exactly what the APIs show`, async () => {
        const scenario = loadScenario(name);
        // Faults are for runs; the answer key describes the data itself.
        const sandbox = await Sandbox.start({ scenario: { ...scenario, faults: { rules: [], webhooks: [], versions: [], stockWriters: [] } }, seed, limits: false });
        running.push(sandbox);
        const found = await observe(clientsFor(sandbox.environment()), sandbox.clock.now());
        const keys = (entries: readonly { entity: string; key: string }[]) => [...new Set(entries.map((entry) => `${entry.entity} ${entry.key}`))].sort();
        expect(keys(found)).toEqual(keys(scenario.answers.state));
        for (const answer of scenario.answers.state) {
          expect(found.some((finding) => finding.entity === answer.entity && finding.key === answer.key && finding.rule === answer.rule), `${answer.entity} ${answer.key} ${answer.rule}`).toBe(true);
        }
        await sandbox.stop();
      });
    }
  }
});
