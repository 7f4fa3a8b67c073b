import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { useTempDir } from '../../../../test/temp';
import { SettingsStore } from './settings-store';

const tempDir = useTempDir();

describe('SettingsStore', () => {
  it('keeps recent projects newest first, without duplicates, at most ten', () => {
    const file = join(tempDir(), 'settings.json');
    const store = new SettingsStore({ file });
    for (let index = 0; index < 12; index += 1) store.remember({ path: `/p/${index}.steward`, name: `P${index}` });
    store.remember({ path: '/p/5.steward', name: 'P5' });
    const paths = new SettingsStore({ file }).get().recent.map((recent) => recent.path);
    expect(paths).toHaveLength(10);
    expect(paths[0]).toBe('/p/5.steward');
    expect(paths[1]).toBe('/p/11.steward');
    expect(new Set(paths).size).toBe(10);
  });

  it('persists the theme and window bounds', () => {
    const file = join(tempDir(), 'settings.json');
    new SettingsStore({ file }).setTheme('dark');
    new SettingsStore({ file }).setWindow({ x: 10, y: 20, width: 1200, height: 800, maximized: false });
    expect(new SettingsStore({ file }).get()).toMatchObject({ theme: 'dark', window: { x: 10, width: 1200 } });
  });

  it('sets a damaged file aside instead of overwriting it, and warns', () => {
    const dir = tempDir();
    const file = join(dir, 'settings.json');
    writeFileSync(file, '{"version": 1, "theme": "purple"');
    const onWarning = vi.fn();
    const store = new SettingsStore({ file, onWarning });
    expect(store.get().theme).toBe('system');
    expect(onWarning).toHaveBeenCalledWith(expect.stringContaining('set aside'));
    const aside = readdirSync(dir).find((name) => name.startsWith('settings.json.damaged-'));
    expect(aside === undefined ? '' : readFileSync(join(dir, aside), 'utf8')).toBe('{"version": 1, "theme": "purple"');
    expect(existsSync(file)).toBe(false);
  });
});
