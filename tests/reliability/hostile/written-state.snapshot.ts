import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Client } from 'pg';

export interface TableState {
  rows: number;
  /** md5 over every row as text, in a stable order: catches an UPDATE that leaves the count alone. */
  digest: string;
}

export interface WrittenState {
  /** `schema.table` → state, for every table outside the PostgreSQL system schemas. */
  tables: Map<string, TableState>;
  /** `<home label>/<path>` → size, for every file under the services' DEEPWORKS_HOMEs. */
  files: Map<string, number>;
}

const LIST_TABLES = `
  SELECT table_schema AS "schema", table_name AS "table"
    FROM information_schema.tables
   WHERE table_type = 'BASE TABLE'
     AND table_schema NOT IN ('pg_catalog', 'information_schema')
     AND table_schema NOT LIKE 'pg\\_%'
   ORDER BY 1, 2`;

/**
 * Everything a request could have written: every row of every table (all app schemas, their job
 * schemas, anything else) and every file in the services' homes, captured in one round trip.
 */
export class WrittenStateProbe {
  private constructor(
    private readonly client: Client,
    private readonly homes: ReadonlyMap<string, string>,
    readonly tableNames: readonly string[],
    private readonly query: string,
  ) {}

  static async open(databaseUrl: string, homes: ReadonlyMap<string, string>): Promise<WrittenStateProbe> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const tables = await listTables(client);
    if (tables.length === 0) throw new Error('no tables to watch: did the services migrate?');
    const query = tables
      .map(
        ({ schema, table }) =>
          `SELECT ${literal(`${schema}.${table}`)} AS name, count(*)::int AS rows, ` +
          `md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS digest ` +
          `FROM ${identifier(schema)}.${identifier(table)} AS t`,
      )
      .join('\nUNION ALL\n');
    const names = tables.map(({ schema, table }) => `${schema}.${table}`);
    return new WrittenStateProbe(client, homes, names, query);
  }

  async capture(): Promise<WrittenState> {
    const result = await this.client.query<{ name: string; rows: number; digest: string }>(this.query);
    const tables = new Map(result.rows.map((row) => [row.name, { rows: row.rows, digest: row.digest }]));
    const files = new Map<string, number>();
    for (const [label, home] of this.homes) await listFiles(home, home, label, files);
    return { tables, files };
  }

  /** The tables that exist now (a case that created one would show here). */
  async currentTables(): Promise<string[]> {
    return (await listTables(this.client)).map(({ schema, table }) => `${schema}.${table}`);
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

/** What differs between two captures, one line per table or file. */
export function stateChanges(before: WrittenState, after: WrittenState): string[] {
  const changes: string[] = [];
  for (const [name, now] of after.tables) {
    const then = before.tables.get(name);
    if (!then) changes.push(`${name}: new table with ${now.rows} rows`);
    else if (then.rows !== now.rows) changes.push(`${name}: rows ${then.rows} → ${now.rows}`);
    else if (then.digest !== now.digest) changes.push(`${name}: contents changed (${now.rows} rows)`);
  }
  for (const name of before.tables.keys())
    if (!after.tables.has(name)) changes.push(`${name}: table dropped`);
  for (const [path, size] of after.files) {
    const then = before.files.get(path);
    if (then === undefined) changes.push(`file written: ${path} (${size} bytes)`);
    else if (then !== size) changes.push(`file changed: ${path} (${then} → ${size} bytes)`);
  }
  for (const path of before.files.keys()) if (!after.files.has(path)) changes.push(`file deleted: ${path}`);
  return changes;
}

/** Σ |Δrows| over all tables. */
export function rowsChanged(before: WrittenState, after: WrittenState): number {
  let total = 0;
  for (const name of new Set([...before.tables.keys(), ...after.tables.keys()]))
    total += Math.abs((after.tables.get(name)?.rows ?? 0) - (before.tables.get(name)?.rows ?? 0));
  return total;
}

async function listTables(client: Client): Promise<{ schema: string; table: string }[]> {
  return (await client.query<{ schema: string; table: string }>(LIST_TABLES)).rows;
}

async function listFiles(root: string, directory: string, label: string, files: Map<string, number>) {
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) await listFiles(root, path, label, files);
    else files.set(`${label}/${relative(root, path)}`, (await stat(path)).size);
  }
}

function identifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
