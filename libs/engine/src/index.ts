export { resolveBackend, parseBackendChoice, ENGINE_BACKENDS } from './backend/resolve-backend';
export type {
  EngineBackendName,
  EngineBackendChoice,
  ResolvedBackend,
  SkippedBackend,
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
export { trainModel } from './training/trainer';
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
