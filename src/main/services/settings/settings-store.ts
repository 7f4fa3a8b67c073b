import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { RecentProject, Theme } from '../../../shared/model/project';

/**
 * App-level preferences (theme, recent projects, window bounds) in one JSON
 * file beside the user's data. Written atomically; a damaged file is set
 * aside, never overwritten in place, so the user can still recover it.
 */
export const WindowState = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400),
  height: z.number().int().min(300),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowState>;

export const AppSettings = z.object({
  version: z.literal(1),
  theme: Theme.default('system'),
  recent: z.array(RecentProject).default([]),
  window: WindowState.optional(),
});
export type AppSettings = z.infer<typeof AppSettings>;

const RECENT_LIMIT = 10;
const DEFAULTS: AppSettings = { version: 1, theme: 'system', recent: [] };

export interface SettingsStoreOptions {
  readonly file: string;
  readonly onWarning?: (message: string) => void;
}

export class SettingsStore {
  private settings: AppSettings;

  constructor(private readonly options: SettingsStoreOptions) {
    this.settings = this.load();
  }

  get(): AppSettings {
    return this.settings;
  }

  setTheme(theme: Theme): AppSettings {
    return this.update({ theme });
  }

  setWindow(window: WindowState): AppSettings {
    return this.update({ window });
  }

  /** Moves `project` to the top of the recent list. */
  remember(project: Omit<RecentProject, 'openedAt'>): AppSettings {
    const entry = { ...project, openedAt: new Date().toISOString() };
    const others = this.settings.recent.filter((recent) => recent.path !== project.path);
    return this.update({ recent: [entry, ...others].slice(0, RECENT_LIMIT) });
  }

  forget(path: string): AppSettings {
    return this.update({ recent: this.settings.recent.filter((recent) => recent.path !== path) });
  }

  private update(change: Partial<AppSettings>): AppSettings {
    this.settings = { ...this.settings, ...change };
    const file = this.options.file;
    mkdirSync(dirname(file), { recursive: true });
    const partial = `${file}.partial`;
    writeFileSync(partial, `${JSON.stringify(this.settings, null, 2)}\n`, { mode: 0o600 });
    renameSync(partial, file);
    return this.settings;
  }

  private load(): AppSettings {
    let text: string;
    try {
      text = readFileSync(this.options.file, 'utf8');
    } catch {
      return DEFAULTS;
    }
    try {
      const parsed = AppSettings.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // fall through: the file is set aside below
    }
    const aside = `${this.options.file}.damaged-${Date.now()}`;
    renameSync(this.options.file, aside);
    this.options.onWarning?.(`Settings file was damaged and has been set aside as ${aside}; defaults are in use.`);
    return DEFAULTS;
  }
}
