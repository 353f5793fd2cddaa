import { describe, expect, it } from 'vitest';
import { dashboardHref, readDashboardQuery } from './dashboard-query.js';

describe('the dashboard query in the URL', () => {
  it('reads sort and placing days, falling back on junk', () => {
    expect(readDashboardQuery({ sort: 'total_amount', from: '2026-12-01', to: '2026-12-07' })).toMatchObject({ sort: 'total_amount', from: '2026-12-01', to: '2026-12-07' });
    expect(readDashboardQuery({ sort: 'price', from: 'yesterday', to: '2026-12-7' })).toMatchObject({ sort: '-created_at', from: '', to: '' });
  });

  it('writes only what differs from the defaults, and reads back what it wrote', () => {
    expect(dashboardHref({ status: 'all', q: '', sort: '-created_at', from: '', to: '', page: 1 })).toBe('/seller-dashboard');
    const href = dashboardHref({ status: 'pending', q: 'hat', sort: 'created_at', from: '2026-12-01', to: '2026-12-02', page: 2 });
    const params = Object.fromEntries(new URL(href, 'http://x').searchParams);
    expect(readDashboardQuery(params)).toEqual({ status: 'pending', q: 'hat', sort: 'created_at', from: '2026-12-01', to: '2026-12-02', page: 2, view: null });
  });
});
