import type { TestProject } from 'vitest/node';
import { startTestDatabase } from '@deepworks/platform/testing';

/** One fresh database per project run: DATABASE_URL's server in CI, an embedded PostgreSQL otherwise. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const database = await startTestDatabase();
  project.provide('databaseUrl', database.url);
  return () => database.teardown();
}
