import { createHash } from 'node:crypto';

/**
 * Fingerprint of what is sent for an hour: equal ⇒ 24SO already holds it.
 * @example fingerprintOf({ totalHours: '7.5' }) === fingerprintOf({ totalHours: '7.5' }) // true
 */
export function fingerprintOf(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('base64url');
}
