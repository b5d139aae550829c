import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every test run gets its own temporary directory (TMPDIR, which `os.tmpdir()` reads on each call, set
 * before the test workers start and so inherited by them and the services they spawn), removed with
 * everything in it when the run ends: a spec that forgets to clean up leaves nothing behind.
 */
export default function setup(): () => void {
  const parent = tmpdir();
  const directory = mkdtempSync(join(parent, 'dw-test-'));
  // Reachable by the embedded PostgreSQL's own user (it runs as `postgres` when tests run as root).
  chmodSync(directory, 0o755);
  process.env.TMPDIR = directory;
  return () => {
    process.env.TMPDIR = parent;
    rmSync(directory, { recursive: true, force: true });
  };
}
