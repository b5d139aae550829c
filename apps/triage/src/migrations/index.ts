import { CreateStudies1763900200000 } from './1763900200000-create-studies';
import { AddScoringAndReviews1763900200001 } from './1763900200001-add-scoring-and-reviews';
import { AddStudyWorklist1763900200002 } from './1763900200002-add-study-worklist';

/** In order; a migration, once released, is never edited: a change is a new migration. */
export const TRIAGE_MIGRATIONS = [
  CreateStudies1763900200000,
  AddScoringAndReviews1763900200001,
  AddStudyWorklist1763900200002,
];
