import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { TrustProxy } from '../../../config/config.ts';

/** Where a request really came from: the client's address and whether the browser used https. */
export interface RequestSource {
  address: string;
  https: boolean;
}

/** Whether the address at this position of the chain (0 = the socket peer) is a trusted proxy. */
type IsTrusted = (address: string, hop: number) => boolean;

/**
 * Builds the resolver for TRUST_PROXY. Off: the socket peer and the request URL decide, and
 * `X-Forwarded-*` headers are ignored (any client can send them). On: the chain "the
 * `X-Forwarded-For` entries, then the socket peer" is walked from the right past trusted proxies
 * (the nearest N hops, or peers in the address list); the first untrusted address is the
 * client, never blindly the left-most, which the client itself may have written. Https comes
 * from `X-Forwarded-Proto` (its first value, what the outermost proxy saw) only when the socket
 * peer is trusted.
 * @example const sourceOf = requestSourceResolver(config.trustProxy); const { address } = sourceOf(c);
 */
export function requestSourceResolver(trust: TrustProxy): (c: Context) => RequestSource {
  const isTrusted = trustPredicate(trust);
  return (c) => {
    const peer = socketAddress(c);
    const viaHttps = new URL(c.req.url).protocol === 'https:';
    if (!isTrusted(peer, 0)) return { address: peer, https: viaHttps };
    const forwarded = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    const chain = [peer, ...forwarded.reverse()];
    let hop = 0;
    while (hop < chain.length - 1 && isTrusted(chain[hop], hop)) hop += 1;
    const proto = (c.req.header('x-forwarded-proto') ?? '').split(',')[0].trim().toLowerCase();
    // A proxy writes what it saw; the cap only keeps a malformed header out of the database.
    return { address: chain[hop].slice(0, 100), https: viaHttps || proto === 'https' };
  };
}

function trustPredicate(trust: TrustProxy): IsTrusted {
  if (trust.mode === 'off') return () => false;
  if (trust.mode === 'hops') return (_address, hop) => hop < trust.hops;
  const proxies = new BlockList();
  for (const entry of trust.addresses) {
    const [address, prefix] = entry.split('/');
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) proxies.addAddress(address, type);
    else proxies.addSubnet(address, Number(prefix), type);
  }
  return (address) => {
    const family = isIP(address);
    // BlockList also matches IPv4-mapped IPv6 peers (::ffff:10.0.0.1) against IPv4 entries.
    return family !== 0 && proxies.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}

function socketAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'ukjent';
  } catch {
    // app.request() in tests has no socket.
    return 'ukjent';
  }
}
