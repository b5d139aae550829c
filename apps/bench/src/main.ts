import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type BenchReport, formatTable, machineDescription } from './bench-report';
import type { BenchSuite } from './bench-suite';
import { apiSuite } from './suites/api.suite';
import { engineSuite } from './suites/engine.suite';
import { recommenderSuite } from './suites/recommender.suite';
import { recsysQualitySuite } from './suites/recsys-quality.suite';
import { sentimentSuite } from './suites/sentiment.suite';
import { triageSuite } from './suites/triage.suite';

/** Every suite `npm run bench -- SUITE` knows; later issues add theirs here. */
const SUITES: BenchSuite[] = [
  engineSuite,
  apiSuite,
  triageSuite,
  sentimentSuite,
  recommenderSuite,
  recsysQualitySuite,
];

const USAGE = `usage: npm run bench -- SUITE [--out FILE]\nsuites:\n${SUITES.map((suite) => `  ${suite.name.padEnd(12)} ${suite.description}`).join('\n')}`;

async function main(argv: string[]): Promise<void> {
  const outIndex = argv.indexOf('--out');
  const out = outIndex >= 0 ? argv[outIndex + 1] : undefined;
  if (outIndex >= 0 && !out) throw new UsageError('--out needs a file name');
  const names = argv.filter(
    (arg, index) => !arg.startsWith('--') && !(outIndex >= 0 && index === outIndex + 1),
  );
  if (names.length !== 1) throw new UsageError('name one suite');
  const suite = SUITES.find((candidate) => candidate.name === names[0]);
  if (!suite) throw new UsageError(`unknown suite "${names[0]}"`);

  // eslint-disable-next-line no-restricted-properties
  const peersDir = resolve(process.env.PEERS_DIR ?? '../shared/peers');
  // eslint-disable-next-line no-restricted-properties
  const datasetsDir = resolve(process.env.DATASETS_DIR ?? '../shared/datasets');
  const { rows, notes } = await suite.run({ peersDir, datasetsDir });
  const report: BenchReport = { suite: suite.name, machine: machineDescription(), rows, notes };
  process.stdout.write(formatTable(report) + '\n\n' + JSON.stringify(report) + '\n');
  if (out) {
    await writeFile(out, JSON.stringify(report, null, 2) + '\n');
    process.stdout.write(`written to ${out}\n`);
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    error instanceof UsageError ? `bench: ${error.message}\n${USAGE}\n` : `bench: ${String(error)}\n`,
  );
  process.exit(error instanceof UsageError ? 2 : 1);
});
