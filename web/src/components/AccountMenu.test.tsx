import { fireEvent, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { UserBody } from '../../../server/contract/api.js';
import { renderRouted } from '../router.test-support.jsx';
import { setSessionUser } from '../state/session.js';
import { AccountMenu } from './AccountMenu.jsx';

const person = (role: UserBody['role']): UserBody => ({
  id: 1,
  email: `${role}@example.com`,
  first_name: role === 'seller' ? 'Uma' : 'Ada',
  last_name: 'L',
  role,
  created_at: '2026-01-01T00:00:00Z',
  ...(role === 'seller' ? { seller_id: 1, store_name: 'Urban Threads' } : {}),
});

describe('AccountMenu', () => {
  afterEach(() => setSessionUser(null));

  it('offers log in and register to guests', () => {
    setSessionUser(null);
    renderRouted(AccountMenu, '/');
    expect(screen.getByRole('link', { name: 'Log in' }).getAttribute('href')).toBe('/login');
    expect(screen.getByRole('link', { name: 'Register' }).getAttribute('href')).toBe('/register');
  });

  it("opens a buyer's menu with My orders, and Esc closes it back onto the toggle", () => {
    setSessionUser(person('buyer'));
    renderRouted(AccountMenu, '/');
    const toggle = screen.getByRole('button', { name: /Ada\s*account menu/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const myOrders = screen.getByRole('link', { name: 'My orders' });
    myOrders.focus();
    fireEvent.keyDown(myOrders, { key: 'Escape' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(toggle);
  });

  it('gives sellers their dashboard instead of buyer pages', () => {
    setSessionUser(person('seller'));
    renderRouted(AccountMenu, '/');
    fireEvent.click(screen.getByRole('button', { name: /Uma\s*account menu/ }));
    expect(screen.getByRole('link', { name: 'Seller dashboard' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'My orders' })).toBeNull();
    expect(screen.getByText('Urban Threads')).toBeTruthy();
  });
});
