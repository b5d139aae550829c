export { resolveBackend, parseBackendChoice, ENGINE_BACKENDS } from './backend/resolve-backend';
export type {
  EngineBackendName,
  EngineBackendChoice,
  ResolvedBackend,
  SkippedBackend,
  BackendOptions,
} from './backend/resolve-backend';
export { registerWasmTrainingKernels } from './backend/wasm/register-training-kernels';
/** TensorFlow.js (core ops, Layers API), owned by the engine: apps and libs use it from here. */
export * as tf from '@tensorflow/tfjs';
export {
  saveModel,
  loadModel,
  readManifest,
  ModelArtifactError,
  MODEL_FORMAT,
} from './model-io/model-artifacts';
export type { ModelManifest, ManifestFile } from './model-io/model-artifacts';
export { DenseRows } from './scoring/dense-rows';
export { trainModel } from './training/trainer';
export { adamOptimizer } from './training/fused-adam.optimizer';
export type {
  TrainOptions,
  TrainResult,
  TrainingData,
  TrainingLoss,
  TrainerCallbacks,
  MonitoredMetric,
  ValidationMetric,
} from './training/trainer';
export { learningRateAt } from './training/learning-rate-schedule';
export type { LearningRateSchedule } from './training/learning-rate-schedule';
export type { EpochRecord } from './training/training-checkpoint';
export { trainingProgress, jsonProgress } from './training/training-progress';
export type { TrainingProgress } from './training/training-progress';
export { learningCurvesSvg } from './training/learning-curves';
export { augmentImages } from './augmentation/image.augmentation';
export type { AugmentationOptions, AugmentationFillMode } from './augmentation/image.augmentation';
export type { SaveModelOptions } from './model-io/model-artifacts';
export {
  float32ToFloat16,
  float16ToFloat32,
  quantizeUint8,
  dequantizeUint8,
  WEIGHT_QUANTIZATIONS,
} from './compression/weight-quantization';
export type { WeightQuantization, Uint8Quantized } from './compression/weight-quantization';
export {
  magnitudePrune,
  applyPruningMasks,
  fineTunePruned,
  kernelSparsity,
} from './compression/magnitude.pruning';
export type { PruningOptions, PruningMask, PruningResult } from './compression/magnitude.pruning';
export { compressionReport } from './compression/compression.report';
export type { CompressionReport, CompressionSide } from './compression/compression.report';
export { gradCam, gradientSaliency } from './explain/grad-cam.explainer';
export type { GradCamOptions, Heatmap } from './explain/grad-cam.explainer';
export { heatmapOverlayPng } from './explain/heatmap-overlay.renderer';
export type { OverlayOptions } from './explain/heatmap-overlay.renderer';
export { tokenAttributions } from './explain/token-attribution.explainer';
export type {
  TokenAttribution,
  TokenAttributionMethod,
  TokenAttributionOptions,
} from './explain/token-attribution.explainer';
export {
  randomSearch,
  sampleSearchConfig,
  validateSearchSpace,
  SEARCH_PARAMETER_KINDS,
} from './search/random.search';
export type {
  SearchParameter,
  SearchParameterKind,
  SearchSpace,
  SearchConfig,
  RandomSearchOptions,
} from './search/random.search';
export { successiveHalving, successiveHalvingPlan } from './search/successive-halving.search';
export type {
  SuccessiveHalvingOptions,
  SuccessiveHalvingPlanOptions,
  SuccessiveHalvingResult,
  PlannedRung,
  SearchRung,
  TrialResult,
} from './search/successive-halving.search';
