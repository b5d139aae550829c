// `npm test`: every project's vitest through Nx, then one total over all of them.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const results = join(process.cwd(), 'dist', 'test-results');
rmSync(results, { recursive: true, force: true });

const nx = spawnSync(
  'npx',
  ['nx', 'run-many', '-t', 'test', '--parallel=2', '--outputStyle=static', ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' } },
);

let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
for (const file of existsSync(results) ? readdirSync(results).sort() : []) {
  const report = JSON.parse(readFileSync(join(results, file), 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  rows.push(
    `  ${file.replace(/\.json$/, '').padEnd(22)} ${report.numPassedTests} passed, ${report.numFailedTests} failed`,
  );
}
console.log(`\nTests by project:\n${rows.join('\n')}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(nx.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
