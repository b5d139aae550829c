export type { DataSource, ParseError } from './sources/data-source.types';
export { streamCsv, readCsv, parseCsvText, CsvStream } from './csv/csv.reader';
export type { CsvOptions, CsvRow, CsvResult } from './csv/csv.parser';
export { streamJsonl, readJsonl, parseJsonlText, JsonlStream } from './jsonl/jsonl.reader';
export type { JsonlOptions, JsonlRow, JsonlResult } from './jsonl/jsonl.reader';
export { readNpz, parseNpz, writeNpz } from './npz/npz.reader';
export { parseNpy, encodeNpy, NpyFormatError } from './npz/npy.format';
export type { NpyArray, NpyData, NpyDtype, NpyReadOptions } from './npz/npy.format';
export { ZipFormatError } from './npz/zip.archive';
export { decodeImage, readImageHeader, ImageDecodeError } from './image/image.decoder';
export type {
  DecodedImage,
  DecodeImageOptions,
  ImageChannels,
  ImageDecodeErrorCode,
  ImageHeader,
} from './image/image.decoder';
export { toGrayscale, toRgb, resizeBilinear } from './image/image.transforms';
export { readImageFolder } from './image/image-folder.reader';
export type { ImageFolder, ImageFolderOptions, ImageFileError } from './image/image-folder.reader';
export { cleanRows } from './cleaning/row.cleaner';
export type {
  CleanOptions,
  CleanResult,
  CleanCounts,
  CleanedRow,
  ColumnRule,
  FillValue,
  MissingPolicy,
  QuarantinedRow,
  QuarantineReason,
  SourceRow,
} from './cleaning/row.cleaner';
export {
  fitStandardizer,
  fitMinMax,
  scalerFromJSON,
  Standardizer,
  MinMaxScaler,
} from './normalization/feature.scalers';
export type {
  FeatureColumns,
  StandardizerJson,
  MinMaxScalerJson,
  ScalerJson,
} from './normalization/feature.scalers';
export {
  randomSplit,
  stratifiedSplit,
  temporalSplit,
  perUserSplit,
  splitSizes,
} from './splits/dataset.splits';
export type { SeededSplitOptions, TemporalSplitOptions, PerUserSplitOptions } from './splits/dataset.splits';
export { buildDataReport, formatDataReport } from './report/data.report';
export type { DataReport, DataReportInput } from './report/data.report';
