import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const nestAndDatabase = ['@nestjs/*', 'typeorm', 'pg', 'pg-boss'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', '.deepworks/**', '.nx/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts'],
    plugins: { '@nx': nx },
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './tsconfig.tooling.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through the validated environment class.',
        },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // Apps use libs; nothing uses an app.
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:platform',
                'type:feature',
                'type:ml-core',
                'type:model-zoo',
                'type:util',
              ],
            },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:ml-core', 'type:util'] },
            {
              sourceTag: 'type:feature',
              onlyDependOnLibsWithTags: ['type:model-zoo', 'type:ml-core', 'type:util'],
            },
            {
              sourceTag: 'type:model-zoo',
              onlyDependOnLibsWithTags: ['type:ml-core', 'type:util'],
              bannedExternalImports: nestAndDatabase,
            },
            {
              sourceTag: 'type:ml-core',
              onlyDependOnLibsWithTags: ['type:util'],
              bannedExternalImports: nestAndDatabase,
            },
            {
              sourceTag: 'type:util',
              onlyDependOnLibsWithTags: ['type:util'],
              bannedExternalImports: nestAndDatabase,
            },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:platform', 'type:util'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            {
              sourceTag: 'scope:recommender',
              onlyDependOnLibsWithTags: ['scope:recommender', 'scope:shared'],
            },
            { sourceTag: 'scope:triage', onlyDependOnLibsWithTags: ['scope:triage', 'scope:shared'] },
            { sourceTag: 'scope:sentiment', onlyDependOnLibsWithTags: ['scope:sentiment', 'scope:shared'] },
            // The benchmark measures every service's own code, so it alone reaches across scopes.
            {
              sourceTag: 'scope:bench',
              onlyDependOnLibsWithTags: [
                'scope:shared',
                'scope:recommender',
                'scope:triage',
                'scope:sentiment',
              ],
            },
          ],
        },
      ],
    },
  },
  {
    // Configuration is read from the environment in exactly one place per process kind.
    files: [
      'libs/platform/src/config/platform-environment.ts',
      'libs/platform/src/http/run-service.ts',
      'libs/platform/src/testing.ts',
      'apps/launcher/src/main.ts',
      'tests/**',
      '**/*.spec.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Tool configuration: loaded by its tool through a default export; shares the one test preset.
    files: ['**/vitest.config.mts', 'tests/support/*.global-setup.mts', 'eslint.config.mjs'],
    rules: { 'no-restricted-syntax': 'off', '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
