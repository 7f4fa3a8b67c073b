import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the CLI and browser host keep settings and new projects. STEWARD_HOME
 * moves both (tests use a fresh folder per run); the desktop app uses
 * Electron's own userData and Documents folders instead.
 */
export function nodeHostPaths(env: NodeJS.ProcessEnv): { home: string; projectsDir: string } {
  const configured = env['STEWARD_HOME'];
  if (configured !== undefined && configured !== '') return { home: configured, projectsDir: join(configured, 'projects') };
  const base = env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config');
  return { home: join(base, 'steward'), projectsDir: join(homedir(), 'Steward') };
}
