export {
  accuracy,
  averagedPrecisionRecallF1,
  classificationReport,
  confusionMatrix,
  perClassPrecisionRecallF1,
} from './classification.metrics';
export type {
  AveragedMetrics,
  ClassificationReport,
  ClassMetrics,
  MetricAverage,
} from './classification.metrics';
export { averagePrecision, macroRocAuc, rocAuc, rocCurve } from './roc.metrics';
export type { RocPoint } from './roc.metrics';
export { expectedCalibrationError, reliabilityDiagram, reliabilityDiagramSvg } from './calibration.metrics';
export type { ReliabilityBin, ReliabilityDiagramSvgOptions } from './calibration.metrics';
export {
  applyTemperature,
  fitTemperature,
  negativeLogLikelihood,
  TEMPERATURE_RANGE,
} from './temperature.scaling';
export { sensitivitySpecificity, thresholdForSensitivity } from './threshold.metrics';
export type { SensitivitySpecificity, SensitivityThreshold } from './threshold.metrics';
export {
  averagePrecisionAtK,
  catalogCoverage,
  hitRateAtK,
  ndcgAtK,
  rankingReport,
  recallAtK,
} from './ranking.metrics';
export type { RankingCase } from './ranking.metrics';
