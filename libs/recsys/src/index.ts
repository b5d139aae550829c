export type { CatalogueItem, Interaction } from './interactions/interaction';
export { InteractionFormatError } from './readers/interaction-format.error';
export type { RowProblem } from './readers/interaction-format.error';
export {
  parseMovieLens100kItems,
  parseMovieLens100kRatings,
  parseMovieLens1mItems,
  parseMovieLens1mRatings,
  parseMovieLensLatestItems,
  parseMovieLensLatestRatings,
} from './readers/movielens.reader';
export { parseInteractionCsv, parseItemCsv } from './readers/interaction-csv.reader';
export {
  INTERACTION_FORMATS,
  readInteractionsFile,
  detectInteractionFormat,
  readItemsFile,
  readMovieLensFolder,
} from './readers/interaction-file.reader';
export type { InteractionDataset, InteractionFormat } from './readers/interaction-file.reader';
export { parseOnlineRetail, readOnlineRetailFile } from './readers/online-retail.reader';
export type { OnlineRetailDataset } from './readers/online-retail.reader';
export { InteractionMatrix } from './matrix/interaction-matrix';
export type { InteractionMatrixOptions } from './matrix/interaction-matrix';
export {
  choleskyLower,
  invertSymmetricPositiveDefinite,
  NotPositiveDefiniteError,
} from './linear-algebra/cholesky-inverse';
export { itemGramMatrix } from './linear-algebra/sparse-products';
export { topKInto, topKRows } from './ranking/top-k';
export type { TopKIntoOptions } from './ranking/top-k';
export { topKRowsWithEngine } from './ranking/engine-top-k';
export { multiplyByTransposeWithEngine } from './linear-algebra/engine-products';
export type { FitOptions, Recommender, ScoredItem } from './models/recommender';
export type { FittedFactors, SparseItemWeights } from './models/fitted-weights';
export { PopularityRecommender } from './models/popularity.model';
export { ItemKnnRecommender } from './models/item-knn.model';
export type { ItemKnnConfig } from './models/item-knn.model';
export { EaseRecommender } from './models/ease.model';
export type { EaseConfig } from './models/ease.model';
export { ImplicitAlsRecommender } from './models/implicit-als.model';
export type { ImplicitAlsConfig } from './models/implicit-als.model';
export { BprMfRecommender } from './models/bpr-mf.model';
export { NeuMfRecommender } from './models/neumf.model';
export { samplePairsWithNegatives } from './models/sampled-pairs';
export type { SampledPairs } from './models/sampled-pairs';
export type { NeuMfConfig } from './models/neumf.model';
export { TwoTowerRecommender } from './models/two-tower.model';
export type { TwoTowerRecommenderConfig } from './models/two-tower.model';
export type { BprMfConfig } from './models/bpr-mf.model';
export {
  defaultRecommenderRegistry,
  registryEntry,
  registryNames,
  UnknownModelError,
} from './models/recommender.registry';
export type {
  RecommenderEntry,
  RecommenderParameters,
  RecommenderRegistry,
} from './models/recommender.registry';
export type { DatasetSplit } from './protocols/dataset-split';
export { splitCounts } from './protocols/dataset-split';
export { coreFilter, filterByRating } from './protocols/interaction-filters';
export type { CoreFilterOptions } from './protocols/interaction-filters';
export { carveValidationFolds, randomSplit } from './protocols/random-split.protocol';
export type { RandomSplitOptions, ValidationFold } from './protocols/random-split.protocol';
export { leaveOneOut } from './protocols/leave-one-out.protocol';
export type { LeaveOneOutOptions } from './protocols/leave-one-out.protocol';
export { temporalSplit } from './protocols/temporal-split.protocol';
export type { TemporalSplitOptions } from './protocols/temporal-split.protocol';
export { interactionsCsv, writeSplitFiles } from './protocols/split-files.writer';
export type { SplitFiles } from './protocols/split-files.writer';
export { evaluateFullRanking, heldOutByUser } from './evaluation/full-ranking.evaluation';
export type { FullRankingOptions, RankingReport } from './evaluation/full-ranking.evaluation';
export { evaluateSampledRanking } from './evaluation/sampled-ranking.evaluation';
export type { SampledRankingReport } from './evaluation/sampled-ranking.evaluation';
export { selectModel } from './evaluation/model-selection';
export type { CandidateScore, ModelSelection, ModelSelectionOptions } from './evaluation/model-selection';
export { evaluateFiles } from './evaluation/evaluate-files';
export type { ColdStartEvaluation, EvaluateFilesOptions, FileEvaluation } from './evaluation/evaluate-files';
