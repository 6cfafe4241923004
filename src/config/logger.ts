import pino from 'pino';

export type Logger = pino.Logger;

/** Paths that may carry secrets; pino replaces their values before anything is written. */
const REDACT = [
  'password',
  '*.password',
  '*.*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers.cookie',
  'cookie',
  '*.cookie',
  'sessionId',
  '*.sessionId',
  'token',
  '*.token',
];

/**
 * The process logger: JSON lines on stdout, secrets redacted.
 * @example const logger = createLogger('info'); logger.info({ workspace }, 'sync started');
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}
