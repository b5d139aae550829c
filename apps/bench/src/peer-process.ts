import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's interpreter: the one python3-torch and python3-sklearn install into. */
const PYTHON = '/usr/bin/python3';

export interface PeerResult<T> {
  result?: T;
  /** Why there is no result: a missing script or interpreter, or the peer's own failure. */
  skipped?: string;
}

/** Runs a peer baseline from PEERS_DIR (default ../shared/peers) and parses its last JSON line. */
export async function runPeer<T>(
  peersDir: string,
  script: string,
  args: string[],
  timeoutMs = 600_000,
): Promise<PeerResult<T>> {
  const path = join(resolve(peersDir), script);
  if (!existsSync(path)) return { skipped: `peer ${script} not found in ${peersDir} (set PEERS_DIR)` };
  if (!existsSync(PYTHON)) return { skipped: `${PYTHON} is missing (apt-get install python3)` };
  try {
    const { stdout } = await run(PYTHON, [path, ...args], { timeout: timeoutMs, maxBuffer: 16 * 2 ** 20 });
    const last = stdout.trim().split('\n').pop() ?? '';
    return { result: JSON.parse(last) as T };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').pop();
    return { skipped: `peer ${script} failed: ${stderr || (error as Error).message}` };
  }
}
