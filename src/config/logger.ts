import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Keys that may carry a secret — a 24SO or user password, a bearer or API token, a session id
 * (24SO's or the web UI's), a cookie, a sealed blob or a key — at the top level and nested up
 * to three objects deep; pino replaces their values before anything is written.
 */
const SECRET_KEYS = [
  'password',
  'newPassword',
  'authorization',
  'cookie',
  '["set-cookie"]',
  'sessionId',
  'session_id',
  'sessionKey',
  'token',
  'apiToken',
  'accessToken',
  'secret',
  'secretKey',
  'password_blob',
  'session_blob',
  'blob',
];
const REDACT = SECRET_KEYS.flatMap((key) => {
  // `["set-cookie"]` is already a path step; plain names are joined with a dot.
  const step = key.startsWith('[') ? key : `.${key}`;
  return [key, `*${step}`, `*.*${step}`, `*.*.*${step}`];
});

/**
 * The process logger: JSON lines on stdout, secrets redacted.
 * @example const logger = createLogger('info'); logger.info({ workspace }, 'sync started');
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}
