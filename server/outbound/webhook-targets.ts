/**
 * Where webhooks may go. A target must be http(s) (https only in production) and, unless
 * private targets are allowed (development, tests), every address its name resolves to must
 * be a public unicast address: no loopback, private, link-local, unspecified or otherwise
 * special range, IPv4-mapped IPv6 included. Checked at registration (check) and again at every
 * attempt, on the very addresses the connection uses (guardedLookup): a name that resolved to
 * a public address at registration and to a private one later is refused then.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { TargetGuard } from '../domain/ports.js';

export interface TargetRules {
  allowPrivate: boolean;
  httpsOnly: boolean;
}

/** The special range an address is in (`loopback`, `private`, …), or null for a public unicast address. */
export function specialRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  const range = ipaddr.process(address).range();
  return range === 'unicast' ? null : range;
}

export function refusal(address: string): string | null {
  const range = specialRange(address);
  return range === null ? null : `The target resolves to ${address} (${range}); webhooks are only sent to public addresses`;
}

/** The URL's own rules (scheme, no credentials); null when it follows them. */
export function urlProblem(url: string, rules: TargetRules): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Not a valid URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'The URL must start with https:// or http://';
  if (rules.httpsOnly && parsed.protocol !== 'https:') return 'The URL must start with https://';
  if (parsed.username || parsed.password) return 'The URL must not carry a user name or password';
  return null;
}

/** The URL's host as an address or a name (an IPv6 literal without its brackets). */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

export class DnsTargetGuard implements TargetGuard {
  constructor(private readonly rules: TargetRules) {}

  async check(url: string): Promise<string | null> {
    const problem = urlProblem(url, this.rules);
    if (problem) return problem;
    const host = hostOf(new URL(url));
    let addresses: string[];
    if (isIP(host)) {
      addresses = [host];
    } else {
      try {
        addresses = (await resolveAll(host)).map((a) => a.address);
      } catch {
        return `The host ${host} does not resolve`;
      }
    }
    if (this.rules.allowPrivate) return null;
    for (const address of addresses) {
      const refused = refusal(address);
      if (refused) return refused;
    }
    return null;
  }
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => dnsLookup(host, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));
}

/** A refused target, as an attempt's error. */
export class RefusedTargetError extends Error {}

/**
 * The resolver a webhook's connection uses: the system's, refusing a name any of whose
 * addresses is special (the connection would otherwise go to one of them).
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const refused = allowPrivate ? null : addresses.map((a) => refusal(a.address)).find((r) => r !== null);
      if (refused) return callback(new RefusedTargetError(refused), '', 0);
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}
