import type { LoggerService } from '@nestjs/common';
import { LOG_LEVELS, type LogLevel } from '../config/platform-environment';

type Fields = Record<string, unknown>;

const SEVERITY: Record<LogLevel, number> = Object.fromEntries(
  LOG_LEVELS.map((level, index) => [level, index]),
) as Record<LogLevel, number>;

/**
 * One JSON object per line on stdout (errors on stderr), so that any log shipper can index them.
 * Used for Nest's own messages and for ours; `verbose` maps to `debug`.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly app: string,
    private readonly threshold: LogLevel = 'info',
    private readonly write: (line: string, level: LogLevel) => void = defaultWrite,
  ) {}

  log(message: unknown, ...context: unknown[]): void {
    this.emit('info', message, context);
  }
  error(message: unknown, ...context: unknown[]): void {
    this.emit('error', message, context);
  }
  warn(message: unknown, ...context: unknown[]): void {
    this.emit('warn', message, context);
  }
  debug(message: unknown, ...context: unknown[]): void {
    this.emit('debug', message, context);
  }
  verbose(message: unknown, ...context: unknown[]): void {
    this.emit('debug', message, context);
  }
  fatal(message: unknown, ...context: unknown[]): void {
    this.emit('fatal', message, context);
  }

  /** Structured entry: `logger.event('info', 'job.completed', { jobId })`. */
  event(level: LogLevel, msg: string, fields: Fields = {}, context?: string): void {
    if (SEVERITY[level] > SEVERITY[this.threshold]) return;
    const entry = { time: new Date().toISOString(), level, app: this.app, context, msg, ...fields };
    this.write(JSON.stringify(entry), level);
  }

  private emit(level: LogLevel, message: unknown, params: unknown[]): void {
    // Nest passes the context name last, and an error's stack before it.
    const rest = [...params];
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Fields = {};
    if (level === 'error' && typeof rest[0] === 'string') fields.stack = rest.shift();
    if (message instanceof Error) {
      this.event(level, message.message, { ...fields, stack: message.stack }, context);
    } else if (typeof message === 'object' && message !== null) {
      const { msg, ...others } = message as Fields;
      this.event(level, typeof msg === 'string' ? msg : '', { ...others, ...fields }, context);
    } else {
      this.event(level, String(message), fields, context);
    }
  }
}

function defaultWrite(line: string, level: LogLevel): void {
  if (level === 'error' || level === 'fatal') process.stderr.write(line + '\n');
  else process.stdout.write(line + '\n');
}
