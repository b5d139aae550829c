import { CreateStudies1763900200000 } from './1763900200000-create-studies';
import { AddScoringAndReviews1763900200001 } from './1763900200001-add-scoring-and-reviews';

/** In order; a migration, once released, is never edited: a change is a new migration. */
export const TRIAGE_MIGRATIONS = [CreateStudies1763900200000, AddScoringAndReviews1763900200001];
