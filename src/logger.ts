import pino, { DestinationStream, Logger } from 'pino';
import { LogLevel } from './config';

export type { Logger };

/** The service's logger; tests pass a destination to read what it writes. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'rencontres-programme' },
      // Never write a credential to the log.
      redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'],
    },
    destination,
  );
}
