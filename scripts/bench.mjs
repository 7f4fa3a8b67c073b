// `npm run bench -- NAME`: bundles bench/NAME.bench.ts with esbuild and runs
// it under Node. Each benchmark prints a table, then one JSON line with its
// figures, its goal and the machine it ran on.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const available = readdirSync(join(root, 'bench'))
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace('.bench.ts', ''));
const name = process.argv[2];
if (name === undefined || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- NAME, where NAME is one of: ${available.join(', ')}\n`);
  process.exit(2);
}
const outfile = join(root, 'node_modules', '.cache', 'bench', `${name}.mjs`);
await build({
  absWorkingDir: root,
  entryPoints: [join('bench', `${name}.bench.ts`)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
});
if (!existsSync(outfile)) process.exit(2);
// The runtime's young generation, as `steward` (bin/steward.js) and the browser host start it (decision 21).
const outcome = spawnSync(process.execPath, ['--expose-gc', '--max-semi-space-size=64', outfile, ...process.argv.slice(3)], { cwd: root, stdio: 'inherit' });
process.exit(outcome.status ?? 1);
