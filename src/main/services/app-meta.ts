import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The app's root folder and version, found by walking up from this module to
 * Steward's package.json: the same code runs from `src/` under tests and from
 * `dist/node/` when built.
 */
const PackageJson = z.object({ name: z.literal('steward'), version: z.string() });

function findRoot(from: string): { root: string; version: string } {
  for (let folder = from; ; folder = dirname(folder)) {
    const candidate = join(folder, 'package.json');
    if (existsSync(candidate)) {
      const parsed = PackageJson.safeParse(JSON.parse(readFileSync(candidate, 'utf8')));
      if (parsed.success) return { root: folder, version: parsed.data.version };
    }
    if (dirname(folder) === folder) throw new Error(`Steward's package.json was not found above ${from}`);
  }
}

const found = findRoot(dirname(fileURLToPath(import.meta.url)));

export const APP_NAME = 'Steward';
export const APP_ROOT = found.root;
export const APP_VERSION = found.version;
export const RENDERER_DIR = join(APP_ROOT, 'dist', 'renderer');
/** The code host's script, run as its own process for code steps (services/code). */
export const CODE_HOST_SCRIPT = join(APP_ROOT, 'dist', 'node', 'code-host.js');
