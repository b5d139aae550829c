import { AddModelVersionTrainingJob1763900000002 } from './migrations/1763900000002-add-model-version-training-job';
import { AddModelVersionArtifactRemoved1763900000003 } from './migrations/1763900000003-add-model-version-artifact-removed';
import type { DataSourceOptions, MixedList } from 'typeorm';
import { CreateJobProgress1763900000000 } from './migrations/1763900000000-create-job-progress';
import { CreateModelVersions1763900000001 } from './migrations/1763900000001-create-model-versions';

export interface AppDatabaseOptions {
  url: string;
  /** The app's own PostgreSQL schema: its tables, its migrations table. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function>;
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** Migrations the platform itself needs in every app schema, run before the app's own. */
export const PLATFORM_MIGRATIONS = [
  CreateJobProgress1763900000000,
  CreateModelVersions1763900000001,
  AddModelVersionTrainingJob1763900000002,
  AddModelVersionArtifactRemoved1763900000003,
];

/**
 * One app's view of the database. The schema is also the connection's search_path, so migrations
 * and raw SQL name tables without qualifying them. Never `synchronize`: the schema changes only
 * through migrations.
 */
export function appDataSourceOptions(options: AppDatabaseOptions): DataSourceOptions {
  if (!SCHEMA_NAME.test(options.schema)) throw new Error(`invalid schema name "${options.schema}"`);
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities ?? [],
    migrations: [...PLATFORM_MIGRATIONS, ...(Array.isArray(options.migrations) ? options.migrations : [])],
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'all',
    synchronize: false,
    extra: { max: options.poolSize ?? 10, options: `-c search_path=${options.schema},public` },
  };
}
