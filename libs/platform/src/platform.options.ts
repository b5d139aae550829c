import type { PlatformEnvironment } from './config/platform-environment';

export type ServiceMode = 'api' | 'worker';

/** What a running app is: fixed at boot, injected where needed (never read from globals). */
export interface PlatformOptions {
  /** App name: also its PostgreSQL schema (`recommender`) and its job schema (`recommender_jobs`). */
  app: string;
  mode: ServiceMode;
  version: string;
  environment: PlatformEnvironment;
  databaseUrl: string;
}

export const PLATFORM_OPTIONS = Symbol('PLATFORM_OPTIONS');
