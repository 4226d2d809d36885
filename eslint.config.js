// Lint, and the layering the architecture promises (ARCHITECTURE.md):
//   core      imports nothing else from src, no Node built-in, no DOM, no Electron
//   renderer  never imports main
//   'electron' only from src/main/electron and src/preload (so never from cli)
//   receiver  (the reference receiver) imports core and main/sqlite only; nothing imports it but cli
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const importPlugin = require('eslint-plugin-import');
const globals = require('globals');

const electronBan = {
  paths: [{ name: 'electron', message: "Only src/main/electron and src/preload may import 'electron'." }],
  patterns: [{ group: ['electron/*'], message: "Only src/main/electron and src/preload may import 'electron'." }],
};

const srcLayers = ['main', 'renderer', 'shared', 'preload', 'cli', 'publisher', 'receiver'];

module.exports = tseslint.config(
  { ignores: ['dist/**', 'out/**', '.vite/**', 'node_modules/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,cjs}'],
    plugins: { import: importPlugin },
    languageOptions: { globals: { ...globals.node } },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.cjs', '.json'] } },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-restricted-imports': ['error', electronBan],
    },
  },
  {
    files: ['src/core/**'],
    rules: {
      'import/no-nodejs-modules': ['error'],
      'import/no-restricted-paths': [
        'error',
        {
          zones: srcLayers.map((layer) => ({
            target: './src/core',
            from: `./src/${layer}`,
            message: 'src/core is the pure domain: it may import nothing else from src.',
          })),
        },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src/renderer', from: './src/main', message: 'Screens talk to services only through src/shared (KioskApi).' },
            { target: './src/renderer', from: './src/cli' },
            { target: './src/renderer', from: './src/publisher' },
            { target: './src/renderer', from: './src/receiver' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/**', 'src/publisher/**'],
    rules: {
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src/main', from: './src/receiver', message: 'The kiosk never runs the receiver; only src/cli starts it.' },
            { target: './src/publisher', from: './src/receiver' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/receiver/**'],
    rules: {
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src/receiver',
              from: './src/main',
              except: ['./sqlite'],
              message: 'The receiver is a trust\'s server: it shares only the SQLite migration runner with the kiosk.',
            },
            { target: './src/receiver', from: './src/publisher' },
            { target: './src/receiver', from: './src/cli' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/electron/**', 'src/preload/**', 'test/unit/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
