import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module';
import { ScoringModule } from '../scoring/scoring.module';
import { FeedPoller } from './feed.poller';

/** RSS/Atom feeds read by the worker into articles. */
@Module({
  imports: [ArticlesModule, ScoringModule],
  providers: [FeedPoller],
})
export class FeedsModule {}
