/**
 * Narrowing of `JSON.parse` output for the `fromJSON` functions: artifacts come from disk or the network,
 * so every field is checked and a bad one is named in the error.
 */
export type JsonRecord = Record<string, unknown>;

export function readRecord(value: unknown, what: string): JsonRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${what} must be a JSON object`);
  }
  return value as JsonRecord;
}

export function readString(record: JsonRecord, key: string, what: string): string {
  const value = record[key];
  if (typeof value !== 'string') throw new Error(`${what}.${key} must be a string`);
  return value;
}

export function readNumber(record: JsonRecord, key: string, what: string): number {
  const value = record[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${what}.${key} must be a finite number`);
  }
  return value;
}

export function readBoolean(record: JsonRecord, key: string, what: string): boolean {
  const value = record[key];
  if (typeof value !== 'boolean') throw new Error(`${what}.${key} must be a boolean`);
  return value;
}

export function readStringArray(record: JsonRecord, key: string, what: string): string[] {
  const value = record[key];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new Error(`${what}.${key} must be an array of strings`);
  }
  return value as string[];
}

export function readNumberArray(record: JsonRecord, key: string, what: string): number[] {
  const value = record[key];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'number' && Number.isFinite(item))) {
    throw new Error(`${what}.${key} must be an array of finite numbers`);
  }
  return value as number[];
}

/** Checks the `format` tag and the preprocessing version an artifact was built with. */
export function readArtifactHeader(
  value: unknown,
  expectedFormat: string,
  expectedPreprocessingVersion: number,
): JsonRecord {
  const record = readRecord(value, expectedFormat);
  const format = readString(record, 'format', expectedFormat);
  if (format !== expectedFormat) {
    throw new Error(`Expected an artifact of format "${expectedFormat}", got "${format}"`);
  }
  const version = readNumber(record, 'preprocessingVersion', expectedFormat);
  if (version !== expectedPreprocessingVersion) {
    throw new Error(
      `${expectedFormat} was built with preprocessing version ${version}, this build runs version ` +
        `${expectedPreprocessingVersion}; retrain it rather than score with a different pipeline`,
    );
  }
  return record;
}
