import { join } from 'node:path';
import { expect } from 'vitest';
import { compileFlow } from '../../src/shared/compile/compile-flow';
import type { PipelinePlan } from '../../src/shared/compile/plan';
import type { ProjectModel } from '../../src/shared/model/project-model';
import { runCli } from '../../src/main/cli/cli';
import { ProjectStore } from '../../src/main/services/project/project-store';

/**
 * The order-to-cash template as `steward new` makes it in `dir` (its 3PL
 * switched to ShipStation with `steward bind` when asked), every flow
 * compiled to its plan.
 */
export async function templatePlans(dir: string, options: { threePl?: 'shipbob' | 'shipstation' } = {}): Promise<{ plans: PipelinePlan[]; systems: ProjectModel['systems'] }> {
  const io = { out: () => undefined, err: () => undefined, env: {}, cwd: dir };
  expect(await runCli(['new', 'o2c.steward', '--template', 'order-to-cash'], io, Promise.resolve())).toBe(0);
  if (options.threePl === 'shipstation') expect(await runCli(['bind', 'o2c.steward', 'shipbob', 'shipstation'], io, Promise.resolve())).toBe(0);
  const store = ProjectStore.open(join(dir, 'o2c.steward'));
  const model = store.getModel();
  const flows = store.allFlows();
  store.close();
  const plans = flows.map((flow) => {
    const compiled = compileFlow(model, flows, flow.id);
    if (!compiled.ok) throw new Error(`${flow.name}: ${compiled.diagnostics.map((entry) => entry.message).join('; ')}`);
    return compiled.plan;
  });
  return { plans, systems: model.systems };
}
