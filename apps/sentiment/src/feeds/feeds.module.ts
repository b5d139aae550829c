import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module';
import { ScoringModule } from '../scoring/scoring.module';
import { FeedStatusStore } from './feed-status.store';
import { FeedPoller } from './feed.poller';
import { FeedsController } from './feeds.controller';

/** RSS/Atom feeds read by the worker into articles; their last polls (`GET /feeds`). */
@Module({
  imports: [ArticlesModule, ScoringModule],
  controllers: [FeedsController],
  providers: [FeedPoller, FeedStatusStore],
})
export class FeedsModule {}
