import { ESLint } from 'eslint';
import { join } from 'node:path';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

/**
 * Runs the project's real ESLint config over fixture files that sit where a
 * layer violation would, and checks the rule fires with a message that says
 * where the code belongs.
 */
const root = join(import.meta.dirname, '..');
const fixtures = join(root, 'test', 'fixtures', 'layers');

async function restrictedImports(file: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: fixtures,
    overrideConfigFile: join(root, 'eslint.config.js'),
    // The fixtures belong to no tsconfig; the layer rule needs no type information.
    overrideConfig: tseslint.configs.disableTypeChecked,
  });
  const [result] = await eslint.lintFiles([join(fixtures, file)]);
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('layer lint rule', () => {
  it('refuses Node built-ins in src/shared and says where they go', async () => {
    expect(await restrictedImports('src/shared/reads-files.ts')).toEqual([expect.stringContaining('belongs in a src/main service')]);
  });

  it('refuses electron in the renderer', async () => {
    expect(await restrictedImports('src/renderer/uses-electron.ts')).toEqual([expect.stringContaining('Only the Electron glue')]);
  });

  it('refuses the renderer reaching into src/main', async () => {
    expect(await restrictedImports('src/renderer/reaches-main.ts')).toEqual([expect.stringContaining('add a channel to src/shared/ipc/contract.ts')]);
  });

  it('refuses electron in main services but allows it in the glue', async () => {
    expect(await restrictedImports('src/main/services/uses-electron.ts')).toEqual([expect.stringContaining('Only the Electron glue')]);
    expect(await restrictedImports('src/main/electron/glue.ts')).toEqual([]);
  });

  it('allows the pure core its small libraries', async () => {
    expect(await restrictedImports('src/shared/pure.ts')).toEqual([]);
  });
});
