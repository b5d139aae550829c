/**
 * Options often arrive from JSON or a request body: a misspelt key must fail loudly rather than fall back
 * to a default, so every options object is checked against its allowed keys.
 */
export function assertKnownOptions(options: object, allowed: readonly string[], what: string): void {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new Error(`Unknown ${what} option "${key}"; allowed options: ${allowed.join(', ')}`);
    }
  }
}

export function assertOneOf<T extends string>(value: T, allowed: readonly T[], what: string): void {
  if (!allowed.includes(value)) {
    throw new Error(
      `${what} must be one of ${allowed.map((item) => `"${item}"`).join(', ')}; got "${value}"`,
    );
  }
}

export function assertInteger(value: number, minimum: number, what: string): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new Error(`${what} must be an integer ≥ ${minimum}; got ${value}`);
  }
}

export function assertNumberInRange(value: number, minimum: number, maximum: number, what: string): void {
  if (!Number.isFinite(value) || value < minimum || value > maximum) {
    throw new Error(`${what} must be a number in [${minimum}, ${maximum}]; got ${value}`);
  }
}
