// Builds better-sqlite3 for Electron's ABI into .electron-native/, leaving the
// Node build in node_modules (tests, CLI, browser host) untouched. Needs
// Electron's headers from electronjs.org, so it runs where the network allows.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { electronVersion, nativeBinding, nativeDir, root } from './electron-paths.mjs';

function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    process.env.npm_execpath && join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((candidate) => candidate && existsSync(candidate)) ?? null;
}

export function rebuildForElectron() {
  const gyp = nodeGyp();
  if (gyp === null) return 'node-gyp was not found (it ships with npm)';
  const version = electronVersion();
  rmSync(nativeDir, { recursive: true, force: true });
  cpSync(join(root, 'node_modules', 'better-sqlite3'), nativeDir, { recursive: true, filter: (source) => !source.includes(`${join('better-sqlite3', 'build')}`) });
  const env = { ...process.env };
  // A machine-wide nodedir would point node-gyp at Node's headers, not Electron's.
  delete env.npm_config_nodedir;
  process.stdout.write(`Building better-sqlite3 for Electron ${version} in ${nativeDir}…\n`);
  const outcome = spawnSync(process.execPath, [gyp, 'rebuild', '--release', `--target=${version}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'], {
    cwd: nativeDir,
    stdio: 'inherit',
    env,
  });
  if (outcome.status !== 0 || !existsSync(nativeBinding)) return "node-gyp could not build it (Electron's headers may be unreachable)";
  return null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const failure = rebuildForElectron();
  if (failure !== null) {
    process.stderr.write(`Could not build better-sqlite3 for Electron: ${failure}.\n`);
    process.exit(1);
  }
}
