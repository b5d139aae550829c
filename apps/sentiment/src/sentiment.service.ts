import type { ServiceDefinition } from '@deepworks/platform';
import { AppModule } from './app.module';
import { SentimentEnvironment } from './sentiment.environment';

export const SENTIMENT_SERVICE: ServiceDefinition<SentimentEnvironment> = {
  app: 'sentiment',
  title: 'deepworks sentiment',
  description:
    'Financial-news sentiment monitor: articles scored as they arrive, trends per topic, surge alerts.',
  environment: SentimentEnvironment,
  port: (environment) => environment.SENTIMENT_PORT,
  module: (options, logger) => AppModule.register(options, logger),
};
