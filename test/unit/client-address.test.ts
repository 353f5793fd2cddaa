/**
 * Whose address a request is counted against (server/http/client-address.ts): the peer unless
 * it is a trusted proxy, then X-Forwarded-For walked from the right past trusted proxies.
 */
import { describe, expect, it } from 'vitest';
import { canonicalAddress, clientAddressOf, TrustedProxies } from '../../server/http/client-address.js';

function trusting(value: string): TrustedProxies {
  const trusted = TrustedProxies.parse(value);
  if (typeof trusted === 'string') throw new Error(trusted);
  return trusted;
}

describe('TRUST_PROXY off', () => {
  it('is the peer, whatever X-Forwarded-For claims', () => {
    expect(clientAddressOf('198.51.100.7', '203.0.113.9', null)).toBe('198.51.100.7');
    expect(clientAddressOf('127.0.0.1', '203.0.113.9, 10.0.0.1', null)).toBe('127.0.0.1');
  });

  it('spells an IPv4-mapped peer as IPv4, and says unknown when there is no peer', () => {
    expect(clientAddressOf('::ffff:198.51.100.7', undefined, null)).toBe('198.51.100.7');
    expect(clientAddressOf(undefined, '203.0.113.9', null)).toBe('unknown');
  });
});

describe('TRUST_PROXY set', () => {
  const proxies = trusting('127.0.0.1,10.0.0.0/8');

  it('takes the entry the trusted peer appended', () => {
    expect(clientAddressOf('127.0.0.1', '203.0.113.9', proxies)).toBe('203.0.113.9');
  });

  it('walks from the right past trusted proxies to the first untrusted address', () => {
    expect(clientAddressOf('10.0.0.5', '203.0.113.9, 10.1.1.1, 10.2.2.2', proxies)).toBe('203.0.113.9');
  });

  it('ignores what the client wrote left of the address its proxy appended', () => {
    // The client sent "X-Forwarded-For: 192.0.2.1" itself; nginx appended its real address.
    expect(clientAddressOf('127.0.0.1', '192.0.2.1, 203.0.113.9', proxies)).toBe('203.0.113.9');
    expect(clientAddressOf('127.0.0.1', '10.9.9.9, 203.0.113.9', proxies)).toBe('203.0.113.9');
  });

  it('reads several header lines joined with commas as one list', () => {
    expect(clientAddressOf('127.0.0.1', '192.0.2.1,203.0.113.9', proxies)).toBe('203.0.113.9');
  });

  it('believes nothing from an untrusted peer', () => {
    expect(clientAddressOf('198.51.100.7', '203.0.113.9', proxies)).toBe('198.51.100.7');
    expect(clientAddressOf('11.0.0.1', '10.0.0.1', proxies)).toBe('11.0.0.1');
  });

  it('is the trusted peer itself when there is no header', () => {
    expect(clientAddressOf('127.0.0.1', undefined, proxies)).toBe('127.0.0.1');
  });

  it('is the leftmost entry when every hop is a trusted proxy', () => {
    expect(clientAddressOf('127.0.0.1', '10.0.0.3, 10.0.0.2', proxies)).toBe('10.0.0.3');
  });

  it.each([
    ['garbage', '127.0.0.1'],
    ['', '127.0.0.1'],
    ['203.0.113.9, ', '127.0.0.1'],
    ['203.0.113.9:4711', '127.0.0.1'],
    ['[2001:db8::1]', '127.0.0.1'],
    ['unknown', '127.0.0.1'],
    ['203.0.113.9, not-an-ip, 10.0.0.2', '10.0.0.2'],
    ['203.0.113.009', '127.0.0.1'],
    ['x'.repeat(10_000), '127.0.0.1'],
  ])('on a malformed entry (%j) falls back to the nearest trusted hop (%s)', (header, client) => {
    expect(clientAddressOf('127.0.0.1', header, proxies)).toBe(client);
  });

  it('matches an IPv4-mapped peer and entries against IPv4 rules, and keys them as IPv4', () => {
    expect(clientAddressOf('::ffff:127.0.0.1', '203.0.113.9', proxies)).toBe('203.0.113.9');
    expect(clientAddressOf('::ffff:7f00:1', '::ffff:203.0.113.9', proxies)).toBe('203.0.113.9');
    expect(clientAddressOf('::ffff:10.0.0.5', '203.0.113.9, ::ffff:10.1.1.1', proxies)).toBe('203.0.113.9');
  });

  it('handles IPv6 proxies and clients, in one spelling per address', () => {
    const v6 = trusting('fd00::/8,::1');
    expect(clientAddressOf('::1', '2001:DB8:0::1', v6)).toBe('2001:db8::1');
    expect(clientAddressOf('fd12::1', '2001:db8::1, fd00::2', v6)).toBe('2001:db8::1');
    expect(clientAddressOf('fe80::1', '2001:db8::1', v6)).toBe('fe80::1');
    expect(clientAddressOf('::1', '203.0.113.9', v6)).toBe('203.0.113.9');
  });
});

describe('TrustedProxies.parse', () => {
  it('reads loopback as 127.0.0.0/8 and ::1', () => {
    const loopback = trusting('loopback');
    for (const address of ['127.0.0.1', '127.0.0.3', '::1']) expect(loopback.trusts(address)).toBe(true);
    for (const address of ['10.0.0.1', '::2', '128.0.0.1']) expect(loopback.trusts(address)).toBe(false);
  });

  it('reads addresses and CIDRs of both families, spaces allowed around commas', () => {
    const list = trusting(' 192.0.2.10 , 10.0.0.0/8, 2001:db8::/32, ::ffff:198.51.100.1');
    expect(list.trusts('192.0.2.10')).toBe(true);
    expect(list.trusts('192.0.2.11')).toBe(false);
    expect(list.trusts('10.255.0.1')).toBe(true);
    expect(list.trusts('2001:db8:ffff::1')).toBe(true);
    expect(list.trusts('2001:db9::1')).toBe(false);
    expect(list.trusts('198.51.100.1')).toBe(true);
    expect(list.trusts('not an address')).toBe(false);
  });

  it.each(['on', 'true', 'nginx.internal', '10.0.0.0/33', '::/129', '10.0.0.0/8/8', '10.0.0.0/', '10.0.0.0/x', '127.0.0.1,', ',', '127.0.0.1:80', '*'])(
    'refuses %j, saying which entry',
    (value) => {
      expect(TrustedProxies.parse(value)).toEqual(expect.stringMatching(/"/));
    },
  );
});

describe('canonicalAddress', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::FFFF:7F00:1', '127.0.0.1'],
    ['2001:DB8:0:0::1', '2001:db8::1'],
    ['::1', '::1'],
  ])('spells %s as %s', (value, canonical) => {
    expect(canonicalAddress(value)).toBe(canonical);
  });

  it.each(['', ' 127.0.0.1', '127.0.0.1:80', '[::1]', '256.0.0.1', 'localhost'])('refuses %j', (value) => {
    expect(canonicalAddress(value)).toBeNull();
  });
});
