// Scenario: an operator puts Broen behind nginx or a load balancer and sets TRUST_PROXY; a typo
// stops the start with a message saying which values are allowed.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

function load(trustProxy: string | undefined) {
  return loadConfig(
    {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'broen-config-test-')),
      BROEN_SECRET_KEY: randomBytes(32).toString('base64'),
      TRUST_PROXY: trustProxy,
    },
    { demo: false },
  );
}

describe('TRUST_PROXY', () => {
  it('is off when unset, empty or false, so forwarded headers are ignored', () => {
    for (const value of [undefined, '', 'false', ' FALSE ']) {
      expect(load(value).trustProxy).toEqual({ mode: 'off' });
    }
  });

  it('trusts the nearest hop for true, and N hops for a number', () => {
    expect(load('true').trustProxy).toEqual({ mode: 'hops', hops: 1 });
    expect(load('2').trustProxy).toEqual({ mode: 'hops', hops: 2 });
    expect(load('10').trustProxy).toEqual({ mode: 'hops', hops: 10 });
  });

  it('trusts a comma list of proxy addresses and CIDR ranges, IPv4 and IPv6', () => {
    expect(load('127.0.0.1, 10.0.0.0/8,::1,fd00::/8').trustProxy).toEqual({
      mode: 'addresses',
      addresses: ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8'],
    });
  });

  it('stops the start on a value it cannot read, naming the value and the allowed forms', () => {
    for (const value of [
      'ja',
      '0',
      '11',
      '-1',
      '1.5',
      '10.0.0.0/33',
      '10.0.0.1,',
      '10.0.0',
      'true,10.0.0.1',
    ]) {
      let error: unknown;
      try {
        load(value);
      } catch (e) {
        error = e;
      }
      expect(error, value).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain(`TRUST_PROXY: «${value}» er ikke en gyldig verdi.`);
      expect(message).toContain('Bruk false (standard), true (stol på nærmeste proxy)');
      expect(message).toContain('(f.eks. 127.0.0.1,10.0.0.0/8)');
    }
  });
});
