/** The carrier list as data: tracking links and default delivery windows in business days. */
import { describe, expect, it } from 'vitest';
import { addBusinessDays, CARRIERS, defaultDeliveryWindow, isIsoDate, trackingUrl } from '../../server/domain/carriers.js';

const at = (date: string, time = '15:30:00') => Date.parse(`${date}T${time}Z`);

describe('the carrier list', () => {
  it('holds at least the carriers PRODUCT.md names, each code once', () => {
    const names = CARRIERS.map((c) => c.name);
    for (const name of ['UPS', 'USPS', 'FedEx', 'DHL Express', 'Royal Mail', 'La Poste Colissimo', 'DPD', 'PostNL', 'Canada Post', 'Australia Post']) {
      expect(names).toContain(name);
    }
    expect(new Set(CARRIERS.map((c) => c.code)).size).toBe(CARRIERS.length);
  });

  it('gives every carrier an https tracking page with one place for the number, and a window that makes sense', () => {
    for (const carrier of CARRIERS) {
      expect(carrier.trackingUrl, carrier.code).toMatch(/^https:\/\/[^\s{}]+\{tracking_number\}[^\s{}]*$/);
      const [earliest, latest] = carrier.deliveryDays;
      expect(earliest, carrier.code).toBeGreaterThanOrEqual(1);
      expect(latest, carrier.code).toBeGreaterThanOrEqual(earliest);
    }
  });
});

describe('trackingUrl', () => {
  it('puts the number into the carrier’s page, URL-encoded', () => {
    expect(trackingUrl('ups', '1Z999AA10123456784')).toBe('https://www.ups.com/track?tracknum=1Z999AA10123456784');
    expect(trackingUrl('ups', 'A B&c=d#e/f')).toBe('https://www.ups.com/track?tracknum=A%20B%26c%3Dd%23e%2Ff');
  });

  it('is null without a listed carrier or without a number', () => {
    expect(trackingUrl(null, '123')).toBeNull();
    expect(trackingUrl('pigeon_post', '123')).toBeNull();
    expect(trackingUrl('ups', null)).toBeNull();
    expect(trackingUrl('ups', '')).toBeNull();
  });
});

describe('addBusinessDays', () => {
  it.each([
    ['Monday', '2026-12-07', 1, '2026-12-08'],
    ['Thursday', '2026-12-10', 2, '2026-12-14'],
    ['Friday', '2026-12-11', 1, '2026-12-14'],
    ['Friday', '2026-12-11', 5, '2026-12-18'],
    ['Saturday', '2026-12-12', 1, '2026-12-14'],
    ['Sunday', '2026-12-13', 3, '2026-12-16'],
    ['the end of a year', '2026-12-31', 2, '2027-01-04'],
  ])('counts weekdays only, from a %s', (_what, from, days, expected) => {
    expect(addBusinessDays(at(from), days)).toBe(expected);
  });

  it('counts from the UTC date of the ship time', () => {
    expect(addBusinessDays(at('2026-12-11', '23:59:59'), 1)).toBe('2026-12-14');
    expect(addBusinessDays(at('2026-12-11', '00:00:00'), 1)).toBe('2026-12-14');
  });
});

describe('defaultDeliveryWindow', () => {
  it('is the carrier’s business days from the ship date', () => {
    // UPS: 1–5 business days. Shipped on Thursday 10 Dec 2026.
    expect(defaultDeliveryWindow('ups', at('2026-12-10'))).toEqual({ earliest: '2026-12-11', latest: '2026-12-17' });
  });

  it('is null for a carrier outside the list, or none', () => {
    expect(defaultDeliveryWindow('pigeon_post', at('2026-12-10'))).toBeNull();
    expect(defaultDeliveryWindow(null, at('2026-12-10'))).toBeNull();
  });
});

describe('isIsoDate', () => {
  it.each(['2026-12-14', '2028-02-29'])('takes %s', (date) => expect(isIsoDate(date)).toBe(true));
  it.each(['2026-02-30', '2026-13-01', '2026-1-5', '14/12/2026', '2026-12-14T00:00:00Z', ''])('refuses %j', (date) => expect(isIsoDate(date)).toBe(false));
});
