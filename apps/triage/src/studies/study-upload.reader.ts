import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { StudiesException, StudiesExceptionCode } from './studies.exception';
import type { StudyUpload } from './studies.service';

const REFERENCE = /^[A-Za-z0-9._-]{1,128}$/;

export interface FieldRule {
  pattern: RegExp;
  /** Said in the 400 when the value does not match. */
  expected: string;
}

export interface MultipartUpload {
  bytes: Buffer;
  fields: Record<string, string>;
}

/** A study: one image, optional references. */
export async function readStudyUpload(request: FastifyRequest): Promise<StudyUpload> {
  const reference = { pattern: REFERENCE, expected: 'must be 1–128 of A–Z a–z 0–9 . _ -' };
  const { bytes, fields } = await readMultipartUpload(request, {
    patientRef: reference,
    studyRef: reference,
  });
  return { bytes, patientRef: fields.patientRef ?? null, studyRef: fields.studyRef ?? null };
}

/**
 * Reads `multipart/form-data` with one `file` part and optional fields (in any order), each checked
 * against its rule. Limits (one file, UPLOAD_LIMIT_BYTES) are enforced by the platform's multipart plugin.
 */
export async function readMultipartUpload(
  request: FastifyRequest,
  rules: Record<string, FieldRule>,
): Promise<MultipartUpload> {
  if (!request.isMultipart())
    throw new StudiesException(StudiesExceptionCode.NotMultipart, 'Send the file as multipart/form-data');
  const fields: Record<string, string> = {};
  let bytes: Buffer | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file')
          throw invalidField(part.fieldname, 'the file part must be named "file"');
        bytes = await (part as MultipartFile).toBuffer();
      } else {
        const rule = Object.hasOwn(rules, part.fieldname) ? rules[part.fieldname] : undefined;
        if (!rule)
          throw invalidField(
            part.fieldname,
            `unknown field; allowed: file, ${Object.keys(rules).join(', ')}`,
          );
        const value = String(part.value);
        if (!rule.pattern.test(value)) throw invalidField(part.fieldname, rule.expected);
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
    throw new StudiesException(StudiesExceptionCode.FileMissing, 'No file: send it in a part named "file"');
  return { bytes, fields };
}

function invalidField(field: string, problem: string): StudiesException {
  return new StudiesException(StudiesExceptionCode.InvalidField, `Field "${field}": ${problem}`, { field });
}

function isClientError(error: unknown): boolean {
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}
