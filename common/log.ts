/**
 * Structured logging (pino). The root logger is made once in cli/ and handed down; components take
 * `child({ component })`, requests `child({ tid })`. Nothing is logged at info level per invocation.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

export interface LogOptions {
  level: string;
  pretty?: boolean;
}

export function createRootLogger(options: LogOptions, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level: options.level,
      base: undefined,
      redact: { paths: ['auth', 'config.auth', 'headers.authorization', '*.key'], censor: '[redacted]' },
    },
    destination ?? pino.destination({ dest: 2, sync: false }),
  );
}

/** A logger that drops everything: the default in tests and benchmarks. */
export const silentLogger: Logger = pino({ level: 'silent' });
