// Bundles the Node-side entry points (Electron main, preload, CLI, browser
// host) with esbuild. Packages stay external: better-sqlite3 is native and the
// packaged app ships its dependencies. The preload is CommonJS because
// sandboxed preloads cannot be ES modules.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  outdir: 'dist/node',
};

await Promise.all([
  build({
    ...common,
    format: 'esm',
    packages: 'external',
    entryPoints: {
      'electron-main': 'src/main/electron/main.ts',
      cli: 'src/main/cli/cli-main.ts',
      'browser-host': 'src/main/host/browser-host-main.ts',
      // The code host runs as its own process (code steps in QuickJS); see src/main/services/code.
      'code-host': 'src/main/services/code/code-host.ts',
    },
    banner: { js: "import { createRequire as __stewardCreateRequire } from 'node:module'; const require = __stewardCreateRequire(import.meta.url);" },
  }),
  build({
    ...common,
    format: 'cjs',
    external: ['electron'],
    entryPoints: { preload: 'src/main/electron/preload.ts' },
    outExtension: { '.js': '.cjs' },
  }),
]);
