// `npm start` (after the build): launches the desktop app. If Electron's
// binary is missing it runs Electron's own installer; if that fails too it
// says so in one sentence and points to the browser host.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { electronBinary, electronPackage, nativeBinding, root } from './electron-paths.mjs';
import { rebuildForElectron } from './rebuild-electron-native.mjs';

function stop(sentence) {
  process.stderr.write(`\n${sentence}\n`);
  process.exit(1);
}

let binary = electronBinary();
if (binary === null) {
  process.stdout.write('The Electron binary is not installed yet; running Electron\'s installer…\n');
  spawnSync(process.execPath, [join(electronPackage, 'install.js')], { stdio: 'inherit', timeout: 10 * 60_000 });
  binary = electronBinary();
}
if (binary === null) {
  stop("Steward cannot start the desktop app because the Electron binary could not be downloaded (see the installer's message above); run `npm run web` to use Steward in your browser instead.");
}

if (!existsSync(nativeBinding)) {
  const failure = rebuildForElectron();
  if (failure !== null) {
    stop(`Steward cannot start the desktop app because better-sqlite3 could not be built for Electron (${failure}); run \`npm run web\` to use Steward in your browser instead.`);
  }
}

const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
// Runs happen in the main process: the same young generation as the CLI's (decision 21). Electron
// takes main-process V8 flags only on its command line.
const child = spawn(binary, ['--js-flags=--max-semi-space-size=64', root], { stdio: 'inherit', env });
child.on('exit', (code, signal) => process.exit(signal === null ? (code ?? 0) : 1));
