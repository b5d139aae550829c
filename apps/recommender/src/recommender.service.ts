import type { ServiceDefinition } from '@deepworks/platform';
import { AppModule } from './app.module';
import { RecommenderEnvironment } from './recommender.environment';

export const RECOMMENDER_SERVICE: ServiceDefinition<RecommenderEnvironment> = {
  app: 'recommender',
  title: 'deepworks recommender',
  description:
    'E-commerce recommendations: catalogue, behaviour events, "recommended for you" and "similar products".',
  environment: RecommenderEnvironment,
  port: (environment) => environment.RECOMMENDER_PORT,
  module: (options, logger) => AppModule.register(options, logger),
};
