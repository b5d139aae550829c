export { decodeDicom, DicomDecodeError } from './dicom/dicom.decoder';
export type { DecodedDicom, DicomErrorCode } from './dicom/dicom.decoder';
