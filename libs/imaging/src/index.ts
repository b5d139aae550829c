export { decodeDicom, DicomDecodeError } from './dicom/dicom.decoder';
export type { DecodedDicom, DicomErrorCode } from './dicom/dicom.decoder';
export { readMedmnist, DatasetLayoutError, DATASET_SPLITS } from './datasets/medmnist.dataset';
export type { DatasetSplit, ImageSet } from './datasets/medmnist.dataset';
export { readImageDataset } from './datasets/image-dataset.reader';
export type { ImageDataset } from './datasets/image-dataset.reader';
export { decodeStudyImage, modelInput, TRIAGE_PREPROCESSING } from './classifier/image-input';
export type { StudyImage, StudyImageFormat } from './classifier/image-input';
export { trainTriageClassifier, TRIAGE_ARCHITECTURES } from './classifier/triage-classifier.trainer';
export type {
  TriageArchitecture,
  TriageModelMetadata,
  TriageTrainingOptions,
} from './classifier/triage-classifier.trainer';
export { TriageClassifier, loadTriageClassifier, saveTriageClassifier } from './classifier/triage-classifier';
export type { TriageExplanation, TriageScore } from './classifier/triage-classifier';
export type { TriageEvaluation } from './classifier/triage.scoring';
