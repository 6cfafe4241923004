import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

// Stored 24SO passwords are sealed with AES-256-GCM. The key id travels with the blob so a
// rotated key is recognised instead of producing garbage, and the workspace id is bound in as
// additional authenticated data so a blob copied to another workspace's row does not open.

const VERSION = 'v1';
const IV_BYTES = 12;

/** A sealed secret could not be opened: wrong key, other workspace, or tampered bytes. */
export class CredentialDecryptError extends Error {
  readonly retryable = false;
}

export interface SealedSecret {
  /** `v1.<keyId>.<iv>.<tag>.<ciphertext>`, parts base64url. */
  blob: string;
  keyId: string;
}

/**
 * The key id: first 8 hex characters of SHA-256 of the key. It names the key without revealing it.
 * @example keyIdOf(config.secretKey) // 'a3f09c1e'
 */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * Encrypts a secret for one workspace with a fresh random IV.
 * @example const { blob, keyId } = sealSecret(config.secretKey, workspaceId, password);
 */
export function sealSecret(key: Buffer, workspaceId: string, plaintext: string): SealedSecret {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(workspaceId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  const keyId = keyIdOf(key);
  const parts = [
    VERSION,
    keyId,
    iv.toString('base64url'),
    tag.toString('base64url'),
    ciphertext.toString('base64url'),
  ];
  return { blob: parts.join('.'), keyId };
}

/**
 * The key id a blob was sealed with, or undefined when the blob is not in a known format.
 * @example blobKeyId(row.password_blob) === keyIdOf(config.secretKey) // already on the current key
 */
export function blobKeyId(blob: string): string | undefined {
  const parts = blob.split('.');
  return parts.length === 5 && parts[0] === VERSION ? parts[1] : undefined;
}

/**
 * Decrypts a blob made by sealSecret; throws CredentialDecryptError when the key, the workspace
 * or any byte does not match. `previousKeys` (BROEN_SECRET_KEY_OLD) open blobs sealed before a
 * key rotation finished; the blob's key id picks the key, so no key is tried blindly.
 * @example const password = openSecret(config.secretKey, workspaceId, row.password_blob, config.previousSecretKeys);
 */
export function openSecret(
  key: Buffer,
  workspaceId: string,
  blob: string,
  previousKeys: readonly Buffer[] = [],
): string {
  assertKey(key);
  const parts = blob.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION)
    throw new CredentialDecryptError('Unknown credential format');
  const [, keyId, ivText, tagText, ctText] = parts as [string, string, string, string, string];
  if (keyId !== keyIdOf(key)) {
    const previous = previousKeys.find((candidate) => keyIdOf(candidate) === keyId);
    if (previous) return openSecret(previous, workspaceId, blob);
    throw new CredentialDecryptError(
      `Credential was sealed with key ${keyId}, not the configured key ${keyIdOf(key)}`,
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
    decipher.setAAD(Buffer.from(workspaceId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tagText, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ctText, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new CredentialDecryptError('Credential failed authentication (tampered or wrong workspace)');
  }
}

function assertKey(key: Buffer): void {
  if (key.length !== 32) throw new CredentialDecryptError('The secret key must be 32 bytes');
}

/**
 * The additional authenticated data a pending login is sealed with (its web session's hash).
 * @example openSecret(key, pendingLoginAad(row.session_hash), row.blob)
 */
export const pendingLoginAad = (sessionHash: string): string => `pending-24so-login:${sessionHash}`;
