// `npm run build`: the Node-side bundles, then the renderer.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
for (const [command, args] of [
  [process.execPath, [join(root, 'scripts', 'build-node.mjs')]],
  [join(root, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn']],
]) {
  const outcome = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (outcome.status !== 0) process.exit(outcome.status ?? 1);
}
