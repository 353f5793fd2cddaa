/**
 * The client's address: what the per-address rate limits (failed logins, registrations) key
 * on, and the one place that decides it.
 *
 * Without TRUST_PROXY it is the socket's peer and X-Forwarded-For is never read: anyone can
 * write that header, so believing it would let a client pick its own bucket. Behind proxies
 * that the operator names, the header is walked from the right: each trusted hop vouches for
 * the entry to its left (the address it was connected from), and the first address that is
 * not a trusted proxy is the client. Entries further left were written by the client itself.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { BlockList, isIP, SocketAddress } from 'node:net';

const DOTTED_QUAD_MAPPED = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/**
 * One spelling per address, so one client has one bucket: IPv6 in its canonical form
 * (`2001:DB8:0::1` → `2001:db8::1`), an IPv4-mapped IPv6 address as plain IPv4
 * (`::ffff:127.0.0.1` and `::ffff:7f00:1` → `127.0.0.1`, what a dual-stack listener reports
 * for an IPv4 peer). Null for anything that is not a bare IP address (ports, brackets,
 * `unknown`, host names).
 */
export function canonicalAddress(value: string): string | null {
  const family = isIP(value);
  if (family === 4) return value;
  if (family !== 6) return null;
  const canonical = new SocketAddress({ address: value, family: 'ipv6' }).address;
  return DOTTED_QUAD_MAPPED.exec(canonical)?.[1] ?? canonical;
}

/** The proxies whose X-Forwarded-For entries are believed (TRUST_PROXY). */
export class TrustedProxies {
  private constructor(private readonly list: BlockList) {}

  /**
   * `loopback` (127.0.0.0/8 and ::1), addresses and CIDRs, comma-separated, IPv4 or IPv6:
   * `127.0.0.1,10.0.0.0/8,fd00::/8`. A string says what is wrong with the value.
   */
  static parse(value: string): TrustedProxies | string {
    const list = new BlockList();
    for (const raw of value.split(',')) {
      const entry = raw.trim();
      if (entry === 'loopback') {
        list.addSubnet('127.0.0.0', 8, 'ipv4');
        list.addAddress('::1', 'ipv6');
        continue;
      }
      const [address = '', prefix, extra] = entry.split('/');
      const canonical = canonicalAddress(address);
      if (canonical === null || extra !== undefined) return `"${entry}" is not an address, a CIDR or loopback`;
      const family = isIP(canonical) === 4 ? 'ipv4' : 'ipv6';
      if (prefix === undefined) {
        list.addAddress(canonical, family);
        continue;
      }
      const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
      // A mapped address keeps the prefix it was written with: that of the IPv6 form.
      const netFamily = isIP(address) === 4 ? 'ipv4' : 'ipv6';
      if (!(bits <= (netFamily === 'ipv4' ? 32 : 128))) return `"${entry}": the prefix length must be 0–${netFamily === 'ipv4' ? 32 : 128}`;
      list.addSubnet(address, bits, netFamily);
    }
    return new TrustedProxies(list);
  }

  /** `address` in canonicalAddress's form; BlockList also matches an IPv4 rule against its mapped IPv6 form. */
  trusts(address: string): boolean {
    const family = isIP(address);
    return family !== 0 && this.list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/**
 * The rule, apart from HTTP: `peer` is the socket's remote address, `forwardedFor` the
 * X-Forwarded-For header as received (several header lines joined with commas). The walk only
 * starts if the peer itself is a trusted proxy. A malformed entry ends it: nothing to its left
 * can be vouched for, so the nearest trusted hop's view stands, and that hop is the client.
 * When every entry is a trusted proxy, the leftmost is the client. Never throws.
 */
export function clientAddressOf(peer: string | undefined, forwardedFor: string | undefined, trusted: TrustedProxies | null): string {
  const hop = peer ? (canonicalAddress(peer) ?? peer) : 'unknown';
  if (!trusted || forwardedFor === undefined || !trusted.trusts(hop)) return hop;
  const entries = forwardedFor.split(',');
  let client = hop;
  for (let i = entries.length - 1; i >= 0; i--) {
    const address = canonicalAddress(entries[i]?.trim() ?? '');
    if (address === null) return client;
    client = address;
    if (!trusted.trusts(address)) return client;
  }
  return client;
}

/** The client's address of a request (see clientAddressOf), with the node's TRUST_PROXY. */
export function clientAddress(c: Context, trusted: TrustedProxies | null): string {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    // Requests made in-process (app.request in tests) have no socket.
    return 'local';
  }
  return clientAddressOf(peer, trusted ? c.req.header('x-forwarded-for') : undefined, trusted);
}
