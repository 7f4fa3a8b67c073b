// Lint: the layer table of architecture.md is enforced here, not by memory.
// Each restriction's message says where the code belongs instead.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

const restrict = (paths, patterns) => ['error', { paths, patterns }];

const ELECTRON = { name: 'electron', message: 'Only the Electron glue in src/main/electron may import electron; put a service behind an interface in src/main/services and wire it in the glue.' };
const SQLITE = { name: 'better-sqlite3', message: 'SQLite lives in src/main/services (the project store); reach it through an IPC channel or a service port.' };
const REACT_FOR_CORE = ['react', 'react-dom', '@xyflow/react', 'zustand', 'monaco-editor'].map((name) => ({
  name,
  message: 'UI libraries belong in src/renderer; src/shared and src/main stay UI-free.',
}));

export const layerRules = {
  shared: restrict(
    [ELECTRON, SQLITE, ...REACT_FOR_CORE, { name: 'ws', message: 'Networking is I/O: put it in src/main and pass results to the pure core.' },
      ...nodeBuiltins.map((name) => ({ name, message: `src/shared is pure: Node's "${name}" belongs in a src/main service, injected into the core as a small port.` }))],
    [{ group: ['**/main/**', '**/renderer/**'], message: 'src/shared imports nothing from src/main or src/renderer; move the shared part into src/shared.' }],
  ),
  mainServices: restrict(
    [ELECTRON, ...REACT_FOR_CORE],
    [{ group: ['**/renderer/**'], message: 'src/main never imports the renderer; share types and schemas through src/shared.' }],
  ),
  mainGlue: restrict(
    [...REACT_FOR_CORE],
    [{ group: ['**/renderer/**'], message: 'src/main never imports the renderer; share types and schemas through src/shared.' }],
  ),
  renderer: restrict(
    [ELECTRON, SQLITE, { name: 'ws', message: 'The renderer reaches main through src/renderer/api only.' },
      ...nodeBuiltins.map((name) => ({ name, message: `The renderer runs sandboxed without Node: "${name}" belongs in a src/main service behind an IPC channel in src/shared/ipc/contract.ts.` }))],
    [{ group: ['**/main/**'], message: 'The renderer never imports src/main; add a channel to src/shared/ipc/contract.ts and call it through src/renderer/api.' }],
  ),
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.electron-native/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs', 'bin/*.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports (style.md §12).' }],
      'no-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, varsIgnorePattern: '^_', argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // Electron declares its classes as interface + constructor pairs, which this rule misreads.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
    },
  },
  { files: ['src/shared/**/*.ts'], ignores: ['**/*.test.ts'], rules: { 'no-restricted-imports': layerRules.shared } },
  { files: ['src/main/**/*.ts'], ignores: ['src/main/electron/**', '**/*.test.ts'], rules: { 'no-restricted-imports': layerRules.mainServices } },
  { files: ['src/main/electron/**/*.ts'], ignores: ['**/*.test.ts'], rules: { 'no-restricted-imports': layerRules.mainGlue } },
  { files: ['src/renderer/**/*.{ts,tsx}'], ignores: ['**/*.test.ts', '**/*.test.tsx'], rules: { 'no-restricted-imports': layerRules.renderer } },
  { files: ['src/renderer/**/*.tsx'], plugins: { 'react-hooks': reactHooks }, rules: reactHooks.configs.recommended.rules },
  {
    // Asymmetric matchers (expect.stringContaining) are typed any by design.
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: globals.node } },
  { files: ['eslint.config.js', 'vite.config.ts', 'vitest.config.ts', 'playwright.config.ts'], rules: { 'no-restricted-syntax': 'off' } },
);
