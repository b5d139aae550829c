/** A command line that cannot be run: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function requiredFlag(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} is required`);
  return value;
}

/**
 * Runs a command-line tool's `main`: a usage problem (a `UsageError`, or one of `node:util` parseArgs')
 * prints the message and the usage and exits 2; any other failure prints its message and exits 1.
 */
export function runCommandLine(name: string, usage: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    const usageProblem =
      error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(
      `${name}: ${error instanceof Error ? error.message : String(error)}\n${usageProblem ? usage + '\n' : ''}`,
    );
    process.exitCode = usageProblem ? 2 : 1;
  });
}
