// Where Electron's binary and the Electron build of better-sqlite3 live in a
// checkout, shared by `npm start`, the native rebuild and the Electron e2e spec.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const electronPackage = join(root, 'node_modules', 'electron');
export const nativeDir = join(root, '.electron-native', 'better-sqlite3');
export const nativeBinding = join(nativeDir, 'build', 'Release', 'better_sqlite3.node');

/** The Electron executable, or null when its binary has not been downloaded. */
export function electronBinary() {
  const pathFile = join(electronPackage, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronPackage, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

export function electronVersion() {
  return JSON.parse(readFileSync(join(electronPackage, 'package.json'), 'utf8')).version;
}
