// typescript-eslint with type information, so that floating promises are errors; workflow files may not import
// Node built-ins, the MongoDB driver or pino (the workflow sandbox is deterministic and has no I/O).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // deploy/ holds scripts for other runtimes (mongosh), not this project's TypeScript.
  { ignores: ['node_modules/', 'dist/', '.tools/', '.data/', 'test-artifacts/', 'deploy/', 'eslint.config.mjs'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's test() and describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'http', 'https', 'os', 'child_process'],
              message: 'no Node built-ins in workflow code',
            },
            { group: ['mongodb', 'pino', 'pino-*'], message: 'workflows do no I/O: use an activity' },
            {
              group: ['../activities', '../activities/*'],
              message: 'import activity types only',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
