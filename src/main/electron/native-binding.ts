import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * better-sqlite3 compiled for Electron's ABI lives in its own folder
 * (`npm run rebuild:electron-native`), so the Node build that tests and the
 * CLI use stays intact (environment.md). A packaged app has it rebuilt in
 * place by electron-builder and needs no override.
 */
export const ELECTRON_NATIVE_DIR = '.electron-native';

export function electronNativeBinding(appRoot: string, isPackaged: boolean): string | undefined {
  if (isPackaged) return undefined;
  const binding = join(appRoot, ELECTRON_NATIVE_DIR, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  return existsSync(binding) ? binding : undefined;
}
