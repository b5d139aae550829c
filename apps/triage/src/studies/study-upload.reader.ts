import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { StudiesException, StudiesExceptionCode } from './studies.exception';
import type { StudyUpload } from './studies.service';

const REFERENCE = /^[A-Za-z0-9._-]{1,128}$/;
const FIELDS = ['patientRef', 'studyRef'] as const;

/**
 * Reads `multipart/form-data` with one `file` part and optional `patientRef` / `studyRef` fields (in any
 * order). Limits (one file, UPLOAD_LIMIT_BYTES) are enforced by the platform's multipart plugin.
 */
export async function readStudyUpload(request: FastifyRequest): Promise<StudyUpload> {
  if (!request.isMultipart())
    throw new StudiesException(StudiesExceptionCode.NotMultipart, 'Send the image as multipart/form-data');
  const fields: Record<string, string> = {};
  let bytes: Buffer | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file')
          throw invalidField(part.fieldname, 'the file part must be named "file"');
        bytes = await (part as MultipartFile).toBuffer();
      } else {
        if (!(FIELDS as readonly string[]).includes(part.fieldname))
          throw invalidField(part.fieldname, `unknown field; allowed: file, ${FIELDS.join(', ')}`);
        const value = String(part.value);
        if (!REFERENCE.test(value)) throw invalidField(part.fieldname, 'must be 1–128 of A–Z a–z 0–9 . _ -');
        fields[part.fieldname] = value;
      }
    }
  } catch (error) {
    if (error instanceof StudiesException || isClientError(error)) throw error;
    throw new StudiesException(StudiesExceptionCode.InvalidField, 'The multipart body is malformed', {
      reason: error instanceof Error ? error.message : String(error),
    });
  }
  if (!bytes || bytes.length === 0)
    throw new StudiesException(StudiesExceptionCode.FileMissing, 'No image: send it in a part named "file"');
  return { bytes, patientRef: fields.patientRef ?? null, studyRef: fields.studyRef ?? null };
}

function invalidField(field: string, problem: string): StudiesException {
  return new StudiesException(StudiesExceptionCode.InvalidField, `Field "${field}": ${problem}`, { field });
}

function isClientError(error: unknown): boolean {
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}
