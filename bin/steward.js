#!/usr/bin/env -S node --max-semi-space-size=64
// Launcher for `npx steward`: runs the bundled CLI, which `npm install`
// builds (the `prepare` script). Kept tiny so a missing build is explained.
// The flag gives a run's short-lived objects room to die young (decision 21);
// npm's bin shims pass it on every platform.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/node/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('Steward is not built yet; run "npm install" (or "npm run build:node") in the Steward folder first.\n');
  process.exit(2);
}
await import(cli);
