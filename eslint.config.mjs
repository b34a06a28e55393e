import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const PURE = ['lib/model', 'lib/policy', 'lib/graph', 'lib/audit', 'lib/findings'];
const FRAMEWORK = [
  { name: 'next', message: 'Pure engine code: no Next.' },
  { name: 'react', message: 'Pure engine code: no React.' },
];
const FRAMEWORK_PATTERNS = [
  {
    group: ['next/*', 'react-dom', 'react-dom/*', '@aws-sdk/*', 'node:*', 'better-sqlite3', 'server-only'],
    message: 'Pure engine code: no framework, SDK, database or node: imports (see DESIGN.md).',
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.next/',
      'dist/',
      'data/',
      'demo/',
      'test-results/',
      'playwright-report/',
      'next-env.d.ts',
      '**/*.mjs',
      '**/*.cjs',
      // Plain-JS config read by Next itself; outside the TypeScript project the type-aware rules need.
      'next.config.js',
      'bench/out/',
      '.e2e-data/',
      '.scratch/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      // Interfaces such as a CLI command's run() are async by contract even where one implementation is not.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.tsx', 'components/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: PURE.map((p) => `${p}/**/*.ts`),
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: FRAMEWORK, patterns: FRAMEWORK_PATTERNS }] },
  },
  {
    // Use cases (DESIGN.md): shared by the CLI and the HTTP routes, so never HTTP- or React-bound.
    files: ['lib/app/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: FRAMEWORK,
          patterns: [
            {
              group: ['next/*', 'react-dom', 'react-dom/*'],
              message: 'Use cases are framework-free (DESIGN.md).',
            },
            {
              group: ['**/server/*', '@/lib/server/*'],
              message: 'lib/app may not import lib/server (DESIGN.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'e2e/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // node:test's test() returns a promise the runner itself awaits (`*.packtest.ts`: node:test files
    // outside the unit suite, run by `npm run test:pack`).
    files: ['**/*.test.ts', '**/*.packtest.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
);
