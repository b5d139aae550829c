import { execFileSync } from 'node:child_process';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Lints `code` as if it were the content of an existing source file (nothing is written), with the
 * workspace's own ESLint configuration, and returns the boundary rule's complaints.
 */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: process.cwd(),
    // Under CI=true typescript-eslint assumes a single run over files on disk and would parse the
    // file as it is there, not the text given here.
    overrideConfig: { languageOptions: { parserOptions: { disallowAutomaticSingleRunInference: true } } },
  });
  const [result] = await eslint.lintText(code, { filePath });
  expect(result.messages.filter((message) => message.fatal)).toEqual([]);
  return result.messages
    .filter((message) => message.ruleId === '@nx/enforce-module-boundaries')
    .map((m) => m.message);
}

describe('dependency boundaries (Nx tags)', () => {
  // The rule reads Nx's cached project graph and skips itself without one (as `npm run lint` does).
  beforeAll(() => {
    execFileSync('npx', ['nx', 'show', 'projects'], {
      env: { ...process.env, NX_DAEMON: 'false' },
      stdio: 'ignore',
    });
  });

  it('stop a lib from importing an app', async () => {
    const errors = await boundaryErrors(
      'libs/platform/src/index.ts',
      "import { RECOMMENDER_SERVICE } from '../../../apps/recommender/src/recommender.service';\nexport const leak = RECOMMENDER_SERVICE;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('stop a util lib from importing NestJS or the database', async () => {
    const errors = await boundaryErrors(
      'data/src/index.ts',
      "import { Injectable } from '@nestjs/common';\nexport const leak = Injectable;\n",
    );
    expect(errors.join(' ')).toMatch(/@nestjs\/common/);
  });

  it('stop the util lib from importing the platform', async () => {
    const errors = await boundaryErrors(
      'data/src/index.ts',
      "import { JsonLogger } from '@deepworks/platform';\nexport const leak = JsonLogger;\n",
    );
    expect(errors.join(' ')).toMatch(/type:util/);
  });

  it('let an app import the platform', async () => {
    const errors = await boundaryErrors(
      'apps/triage/src/main.ts',
      "import { JsonLogger } from '@deepworks/platform';\nexport const fine = JsonLogger;\n",
    );
    expect(errors).toEqual([]);
  });
});
