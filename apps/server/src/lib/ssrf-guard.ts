import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** One resolved address of a host, as `dns.lookup(host, { all: true })` gives it. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to all its addresses (default: `dns.lookup` with `all: true`). */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

/** A URL whose host was resolved and vetted: connect to `address`, never re-resolve the name. */
export interface VettedTarget {
  url: URL;
  /** The host name without IPv6 brackets. */
  hostname: string;
  address: string;
  family: 4 | 6;
}

/** A URL the server refuses to call: its message says why, in words an admin can act on. */
export class SsrfError extends Error {
  override name = 'SsrfError';
}

export interface SsrfGuardOptions {
  /** Allow loopback, private and other non-public addresses (WEBHOOK_ALLOW_PRIVATE, for local setups and tests). */
  allowPrivate: boolean;
  resolve?: ResolveHost;
  /** A name that does not resolve in time is refused (default 5 s). */
  resolveTimeoutMs?: number;
}

const defaultResolve: ResolveHost = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * The range an address belongs to, as ipaddr.js names it ('unicast' for public addresses).
 * IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) are judged as the IPv4 address they carry.
 */
export function addressRange(address: string): string {
  return ipaddr.process(address).range();
}

/**
 * Only global unicast addresses are public. Everything else ipaddr.js classifies is refused:
 * loopback, private (RFC 1918), linkLocal (169.254/16, fe80::/10, cloud metadata), carrierGradeNat
 * (100.64/10), multicast, unspecified, broadcast, reserved, uniqueLocal (fc00::/7), and IPv6 forms
 * that embed an IPv4 address (6to4, Teredo, NAT64) whose inner address could be private.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return addressRange(address) === 'unicast';
}

/**
 * Guards outgoing requests to URLs that users configure (webhooks, workflows) against SSRF:
 * the host is resolved and every address must be public unless private ones are allowed.
 * Callers connect to the vetted address (see `VettedTarget`), so a DNS answer that changes
 * between the check and the connection (DNS rebinding) cannot redirect the request.
 */
export function createSsrfGuard({ allowPrivate, resolve = defaultResolve, resolveTimeoutMs = 5_000 }: SsrfGuardOptions) {
  function resolveInTime(hostname: string): Promise<ResolvedAddress[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SsrfError(`Host ${hostname} did not resolve within ${resolveTimeoutMs} ms`)), resolveTimeoutMs);
    });
    return Promise.race([resolve(hostname), timeout]).finally(() => clearTimeout(timer));
  }

  async function check(rawUrl: string): Promise<VettedTarget> {
    if (!URL.canParse(rawUrl)) throw new SsrfError('URL is not valid');
    const url = new URL(rawUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SsrfError('URL must use http or https');
    const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (hostname === '') throw new SsrfError('URL has no host');
    let addresses: ResolvedAddress[];
    if (isIP(hostname) !== 0) addresses = [{ address: hostname, family: isIP(hostname) }];
    else {
      try {
        addresses = await resolveInTime(hostname);
      } catch (err) {
        throw err instanceof SsrfError ? err : new SsrfError(`Host ${hostname} could not be resolved`);
      }
    }
    const first = addresses[0];
    if (!first) throw new SsrfError(`Host ${hostname} could not be resolved`);
    if (!allowPrivate) {
      // Every address must be public: a client may connect to any of them.
      for (const { address } of addresses) {
        if (!isPublicAddress(address)) {
          const range = ipaddr.isValid(address) ? addressRange(address) : 'invalid';
          throw new SsrfError(
            `${hostname} resolves to ${address} (${range}), which is not a public address. This server calls only public addresses for webhooks, workflows and LLMs; its operator can allow private and loopback ones with WEBHOOK_ALLOW_PRIVATE=true`,
          );
        }
      }
    }
    return { url, hostname, address: first.address, family: first.family === 6 ? 6 : 4 };
  }
  return { check };
}
export type SsrfGuard = ReturnType<typeof createSsrfGuard>;
