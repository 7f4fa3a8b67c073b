import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is built to dist/renderer and served by the desktop app's
// app:// protocol or by the browser host; both expect relative asset URLs.
export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    // STEWARD_NO_MINIFY=1 keeps names readable in CPU profiles (see bench/canvas.bench.ts).
    minify: process.env['STEWARD_NO_MINIFY'] === undefined,
    target: 'chrome130',
    // Monaco (about 2.7 MB) is its own chunk, loaded the first time an expression editor opens.
    chunkSizeWarningLimit: 3000,
  },
});
