// ESLint (flat config) for the TypeScript sources, tests and scripts: the
// recommended JavaScript and typescript-eslint rules, plus the project's own
// boundaries (no shell strings through child_process, no `any` escapes).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      '.toolchains/**',
      '.e2e/**',
      '.cache/**',
      '.bench/**',
      'test-artifacts/**',
      'test-fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'node:child_process',
              importNames: ['exec', 'execSync'],
              message: 'No shell strings: use execFile/spawn with an argument array (or core/processTree).',
            },
          ],
        },
      ],
      'no-constant-condition': ['error', { checkLoops: false }],
      // A `let` assigned once after closures that read it were created is the point of the pattern.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        URL: 'readonly',
        window: 'readonly',
        document: 'readonly',
        acquireVsCodeApi: 'readonly',
        setTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        clearTimeout: 'readonly',
        navigator: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
);
