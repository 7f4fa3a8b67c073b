#!/usr/bin/env node
// Launcher for `npx steward`: runs the bundled CLI, which `npm install`
// builds (the `prepare` script). Kept tiny so a missing build is explained.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/node/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('Steward is not built yet; run "npm install" (or "npm run build:node") in the Steward folder first.\n');
  process.exit(2);
}
await import(cli);
