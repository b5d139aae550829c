import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig, type UserConfig } from 'vitest/config';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** `@deepworks/*` aliases, read from the one place they are declared (tsconfig.base.json). */
function workspaceAliases() {
  const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  return Object.entries(compilerOptions.paths).map(([name, [target]]) => ({
    find: new RegExp(`^${name.replace(/[/.]/g, '\\$&')}$`),
    replacement: join(root, target),
  }));
}

export interface ProjectTestOptions {
  /** Project folder, relative to the workspace root. */
  project: string;
  /** Integration tests get a fresh PostgreSQL database through `inject('databaseUrl')`. */
  database?: boolean;
  testTimeout?: number;
  /** Folders of the project left to another command (e.g. the reliability suites). */
  exclude?: string[];
}

/**
 * vitest for one Nx project: SWC for decorator metadata (NestJS), workspace aliases, a JSON report
 * per project that `npm test` sums up.
 */
export function projectTestConfig(options: ProjectTestOptions): UserConfig {
  const name = options.project.replace(/\//g, '-');
  return defineConfig({
    root,
    plugins: [swc.vite({ module: { type: 'es6' }, jsc: { target: 'es2022' } })],
    resolve: { alias: workspaceAliases() },
    test: {
      name,
      dir: join(root, options.project),
      include: ['**/*.spec.ts'],
      exclude: ['**/node_modules/**', ...(options.exclude ?? [])],
      environment: 'node',
      // The database before the run's temporary directory: the embedded server keeps its binaries and
      // data in the machine's own, reused across runs.
      globalSetup: [
        ...(options.database ? [join(root, 'tests/support/database.global-setup.mts')] : []),
        join(root, 'tests/support/temporary-directory.global-setup.mts'),
      ],
      testTimeout: options.testTimeout ?? 30_000,
      hookTimeout: 120_000,
      // Integration suites of one project share one database; run their files one after another.
      fileParallelism: !options.database,
      allowOnly: !process.env.CI,
      reporters: ['default', ['json', { outputFile: join(root, `dist/test-results/${name}.json`) }]],
    },
  });
}
