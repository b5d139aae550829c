import { CreateCatalog1763900100000 } from './1763900100000-create-catalog';
import { IngestAndTraining1763900100001 } from './1763900100001-ingest-and-training';

/** In order; a migration, once released, is never edited: a change is a new migration. */
export const RECOMMENDER_MIGRATIONS = [CreateCatalog1763900100000, IngestAndTraining1763900100001];
