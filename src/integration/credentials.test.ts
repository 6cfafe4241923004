// Scenario: an admin's 24SO password is sealed at rest and only the right key and workspace open it.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CredentialDecryptError, keyIdOf, openSecret, sealSecret } from './credentials.ts';

const key = randomBytes(32);
const password = 'Hemmelig-passord-æøå-42';

describe('credentials', () => {
  it('opens what it sealed, and the blob carries no plaintext', () => {
    const sealed = sealSecret(key, 'ws-1', password);
    expect(sealed.keyId).toBe(keyIdOf(key));
    expect(sealed.keyId).toMatch(/^[0-9a-f]{8}$/);
    expect(sealed.blob).not.toContain(password);
    expect(sealed.blob).not.toContain(Buffer.from(password).toString('base64url'));
    expect(openSecret(key, 'ws-1', sealed.blob)).toBe(password);
  });

  it('uses a fresh IV each time', () => {
    expect(sealSecret(key, 'ws-1', password).blob).not.toBe(sealSecret(key, 'ws-1', password).blob);
  });

  it('detects a flipped ciphertext or tag byte', () => {
    const { blob } = sealSecret(key, 'ws-1', password);
    const parts = blob.split('.');
    for (const index of [3, 4]) {
      const bytes = Buffer.from(parts[index] as string, 'base64url');
      bytes[0] = (bytes[0] as number) ^ 0x01;
      const tampered = [...parts];
      tampered[index] = bytes.toString('base64url');
      expect(() => openSecret(key, 'ws-1', tampered.join('.'))).toThrow(CredentialDecryptError);
    }
  });

  it('refuses the wrong key, naming both key ids', () => {
    const { blob } = sealSecret(key, 'ws-1', password);
    const other = randomBytes(32);
    expect(() => openSecret(other, 'ws-1', blob)).toThrow(keyIdOf(other));
  });

  it("refuses a blob copied into another workspace's row", () => {
    const { blob } = sealSecret(key, 'ws-1', password);
    expect(() => openSecret(key, 'ws-2', blob)).toThrow(CredentialDecryptError);
  });

  it('refuses garbage and a key of the wrong length', () => {
    expect(() => openSecret(key, 'ws-1', 'not-a-blob')).toThrow(CredentialDecryptError);
    expect(() => sealSecret(randomBytes(16), 'ws-1', password)).toThrow(CredentialDecryptError);
  });
});
