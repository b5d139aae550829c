import { CreateArticles1763900300000 } from './1763900300000-create-articles';

/** In order; a migration, once released, is never edited: a change is a new migration. */
export const SENTIMENT_MIGRATIONS = [CreateArticles1763900300000];
