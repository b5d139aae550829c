import { CreateArticles1763900300000 } from './1763900300000-create-articles';
import { CreateArticleScores1763900400000 } from './1763900400000-create-article-scores';
import { CreateSentimentBuckets1763900400001 } from './1763900400001-create-sentiment-buckets';
import { CreateAlerts1763900400002 } from './1763900400002-create-alerts';
import { CreateFeedStatus1763900400003 } from './1763900400003-create-feed-status';

/** In order; a migration, once released, is never edited: a change is a new migration. */
export const SENTIMENT_MIGRATIONS = [
  CreateArticles1763900300000,
  CreateArticleScores1763900400000,
  CreateSentimentBuckets1763900400001,
  CreateAlerts1763900400002,
  CreateFeedStatus1763900400003,
];
