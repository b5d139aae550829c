/**
 * Input checks shared by every metric. A metric fed a NaN or a misaligned array returns a plausible
 * number that nobody questions, so each one refuses such input with a RangeError naming the argument.
 */

export function assertNonEmpty(name: string, values: readonly unknown[]): void {
  if (values.length === 0) throw new RangeError(`${name} is empty`);
}

export function assertSameLength(
  nameA: string,
  valuesA: readonly unknown[],
  nameB: string,
  valuesB: readonly unknown[],
): void {
  if (valuesA.length !== valuesB.length) {
    throw new RangeError(`${nameA} and ${nameB} differ in length (${valuesA.length} vs ${valuesB.length})`);
  }
}

export function assertFiniteNumber(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number, got ${String(value)}`);
  }
}

export function assertFiniteNumbers(name: string, values: readonly number[]): void {
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RangeError(`${name}[${index}] must be a finite number, got ${String(value)}`);
    }
  }
}

export function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be an integer >= 1, got ${String(value)}`);
  }
}

export function assertBinaryLabels(name: string, values: readonly number[]): void {
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (value !== 0 && value !== 1) {
      throw new RangeError(`${name}[${index}] must be 0 or 1, got ${String(value)}`);
    }
  }
}

export function assertClassIndices(name: string, values: readonly number[], classCount: number): void {
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (!Number.isInteger(value) || value < 0 || value >= classCount) {
      throw new RangeError(
        `${name}[${index}] must be a class index in [0, ${classCount - 1}], got ${String(value)}`,
      );
    }
  }
}

/** Binary labels and scores of the same, non-zero length; scores finite. */
export function assertBinaryScoring(yTrue01: readonly number[], scores: readonly number[]): void {
  assertNonEmpty('yTrue01', yTrue01);
  assertSameLength('yTrue01', yTrue01, 'scores', scores);
  assertBinaryLabels('yTrue01', yTrue01);
  assertFiniteNumbers('scores', scores);
}

/** A non-empty rectangular matrix of finite numbers; returns its column count. */
export function assertFiniteMatrix(name: string, rows: readonly (readonly number[])[]): number {
  assertNonEmpty(name, rows);
  const columnCount = rows[0].length;
  if (columnCount === 0) throw new RangeError(`${name}[0] is empty`);
  for (let rowIndex = 0; rowIndex < rows.length; rowIndex++) {
    const row = rows[rowIndex];
    if (row.length !== columnCount) {
      throw new RangeError(`${name}[${rowIndex}] has ${row.length} columns, ${name}[0] has ${columnCount}`);
    }
    assertFiniteNumbers(`${name}[${rowIndex}]`, row);
  }
  return columnCount;
}
