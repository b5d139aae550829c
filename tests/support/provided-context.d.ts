import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A fresh database for the project's integration tests (see database.global-setup.mts). */
    databaseUrl: string;
  }
}
