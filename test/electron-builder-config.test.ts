import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * Installers cannot be built on machines without Electron's downloads, so
 * the packaging config is checked here instead: against electron-builder's
 * own schema validator, and for the settings the security baseline needs.
 */
const root = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
};

const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
  linux: { target: string[] };
  mac: { target: string[] };
  win: { target: string[] };
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  files: string[];
};

describe('electron-builder.yml', () => {
  it("passes electron-builder's own validation", async () => {
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
  });

  it('fails that validation on a misspelt option (the check is real)', async () => {
    await expect(validateConfiguration({ ...config, linnux: {} }, { isEnabled: false, add: () => undefined })).rejects.toThrow(/linnux/);
  });

  it('targets AppImage and deb, dmg, and nsis', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
  });

  it("unpacks better-sqlite3's native module from the asar", () => {
    expect(config['asar']).toBe(true);
    expect(config.asarUnpack.some((pattern) => pattern.includes('better-sqlite3') && pattern.endsWith('.node'))).toBe(true);
  });

  it('sets the fuses of the security baseline', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packages the built app, whose entry point is package.json main', () => {
    const main = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string }).main;
    expect(main).toBe('dist/node/electron-main.js');
    expect(config.files).toContain('dist/node/**');
    expect(config.files).toContain('dist/renderer/**');
  });
});
