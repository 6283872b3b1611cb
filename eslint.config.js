// ESLint flat config. `npm run lint` runs scripts/check-cycles.mjs first (import cycles, type-only imports included,
// which import-x/no-cycle would skip), then this. Prettier owns the formatting: eslint-config-prettier comes last.
import fs from 'node:fs';
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import i18next from 'eslint-plugin-i18next';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { defineConfig } from 'eslint/config';

const root = import.meta.dirname;

/** The feature folders that exist now: read on every run, so a new folder is covered as soon as it appears. */
function featuresIn(dir) {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs
    .readdirSync(abs, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
}

/** A file in `<dir>/<a>/` may import nothing from `<dir>/` outside its own folder (another feature, or the list). */
function featureIsolation(dir) {
  return featuresIn(dir).map((name) => ({
    target: `./${dir}/${name}`,
    from: `./${dir}`,
    except: [`./${name}`],
    message: `A feature imports no other feature: ${dir}/${name}/ is self-contained; share code through shared/ or the layer below.`,
  }));
}

const sideZones = [
  // shared/ is the code both sides run: it imports neither of them; and neither side imports the other.
  { target: './shared', from: ['./server', './client'], message: 'shared/ is imported by both sides and imports neither.' },
  { target: './client', from: './server', message: 'The client reaches the server over the wire only; share types through shared/.' },
  { target: './server', from: './client', message: 'The server does not import the client; share code through shared/.' },
];

const serverZones = [
  {
    // The layers under the features; only the composition root (server/features/index.ts, server/app.ts,
    // server/index.ts) puts features together.
    target: ['./server/core', './server/realtime', './server/http', './server/store'],
    from: './server/features',
    message: 'core/, realtime/, http/ and store/ do not know the features; the composition root wires them in.',
  },
  ...featureIsolation('server/features'),
];

const clientZones = featureIsolation('client/src/features');

export default defineConfig(
  {
    ignores: ['dist/', 'node_modules/', 'test-results/', 'data/', '.bench/', 'coverage/', 'client/public/'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // Node everywhere but the browser's code; shared/ is pure and uses neither (TypeScript checks its names).
    files: ['**/*.{js,mjs,cjs,ts,tsx}'],
    ignores: ['client/src/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['client/src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended, jsxA11y.flatConfigs.recommended],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // Tables that turn into cards on narrow screens keep explicit table roles (CSS display drops the implicit
      // ones in some browsers); `role="cell"` on a td is that, not an interactive element made inert.
      'jsx-a11y/no-redundant-roles': [
        'error',
        { nav: ['navigation'], table: ['table'], thead: ['rowgroup'], tbody: ['rowgroup'], tr: ['row'], th: ['columnheader', 'rowheader'], td: ['cell'] },
      ],
      'jsx-a11y/no-interactive-element-to-noninteractive-role': ['error', { tr: ['none', 'presentation'], canvas: ['img'], td: ['cell'] }],
      // A scrollable region must be reachable by keyboard (axe's scrollable-region-focusable, which the browser
      // suite runs), so `tabIndex={0}` on role="region" is right.
      'jsx-a11y/no-noninteractive-tabindex': ['error', { tags: [], roles: ['tabpanel', 'region'], allowExpressionValues: true }],
      // Moving the focus after a re-render (a poll that moved to another list, a queue item moved, a form field
      // that appeared) is a request held in state and cleared by the effect that gives the focus: one extra
      // render per keyboard action, on purpose. The app does not use the React Compiler this rule prepares for.
      'react-hooks/set-state-in-effect': 'off',
    },
  },
  {
    // Every word a person reads comes from the catalogues (client/src/locales): a literal string in JSX text, in a
    // JSX expression, or in an attribute a person reads or hears (labels, titles, placeholders, alt text) fails.
    // Punctuation, numbers and CODES pass; code outside JSX is for the catalogue test (test/client/i18n.test.ts).
    files: ['client/src/**/*.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          'jsx-attributes': {
            include: [
              'aria-label',
              'aria-description',
              'aria-valuetext',
              'aria-roledescription',
              'alt',
              'placeholder',
              '.*[Ll]abel',
              '.*[Tt]itle',
              'message',
              'hint',
              'legend',
              'heading',
              'description',
            ],
          },
          words: { exclude: ['[0-9!-/:-@[-`{-~\\s·–—×→←↑↓…•“”‘’«»„]+', '[A-Z_-]+'] },
          callees: {
            exclude: [
              't',
              'useT',
              'require',
              'addEventListener',
              'removeEventListener',
              'querySelector(All)?',
              'getElementById',
              'startsWith',
              'endsWith',
              'includes',
              'indexOf',
              'setAttribute',
              'matchMedia',
              'get',
              'has',
            ],
          },
        },
      ],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      // `_name` marks an argument or binding kept on purpose (a callback's signature, a destructured rest).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests send malformed payloads and reach into helpers on purpose (`call()` is loosely typed for that); `any`
    // there is a tool, not an oversight. The product code keeps the rule.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Import boundaries. Type-only imports count too.
    files: ['server/**/*.ts', 'shared/**/*.ts', 'client/src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: [...sideZones, ...serverZones, ...clientZones] }],
    },
  },
  prettier,
);
