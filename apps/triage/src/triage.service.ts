import type { ServiceDefinition } from '@deepworks/platform';
import { AppModule } from './app.module';
import { TriageEnvironment } from './triage.environment';

export const TRIAGE_SERVICE: ServiceDefinition<TriageEnvironment> = {
  app: 'triage',
  title: 'deepworks triage',
  description: 'Clinic image triage: incoming images scored so that likely-abnormal studies are read first.',
  environment: TriageEnvironment,
  port: (environment) => environment.TRIAGE_PORT,
  module: (options, logger) => AppModule.register(options, logger),
};
