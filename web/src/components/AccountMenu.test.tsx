import { fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UserBody } from '../../../server/contract/api.js';
import { installFakeFetch } from '../api/fake-fetch.test-support.js';
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
  afterEach(() => {
    setSessionUser(null);
    vi.unstubAllGlobals();
  });

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

  it("lets a buyer turn order e-mails off and on from the menu (PATCH /api/auth/me)", async () => {
    setSessionUser(person('buyer'));
    let on = true;
    const requests = installFakeFetch({
      'GET /api/auth/me': () => ({ status: 200, body: { user: { ...person('buyer'), email_notifications: on } } }),
      'PATCH /api/auth/me': (request) => {
        on = (request.body as { email_notifications: boolean }).email_notifications;
        return { status: 200, body: { user: { ...person('buyer'), email_notifications: on } } };
      },
    });
    renderRouted(AccountMenu, '/');
    fireEvent.click(screen.getByRole('button', { name: /Ada\s*account menu/ }));
    const box = (await screen.findByRole('checkbox', { name: 'E-mail me about my orders' })) as HTMLInputElement;
    await waitFor(() => expect(box.checked).toBe(true));
    fireEvent.click(box);
    await waitFor(() => expect(requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toEqual([{ email_notifications: false }]));
    await waitFor(() => expect(box.checked).toBe(false));
    expect(on).toBe(false);
  });

  it('puts the box back and says why when the change is refused', async () => {
    setSessionUser(person('buyer'));
    installFakeFetch({
      'GET /api/auth/me': () => ({ status: 200, body: { user: { ...person('buyer'), email_notifications: true } } }),
      'PATCH /api/auth/me': () => ({ status: 401, body: { error: { code: 'unauthorized', message: 'Please log in again' } } }),
    });
    renderRouted(AccountMenu, '/');
    fireEvent.click(screen.getByRole('button', { name: /Ada\s*account menu/ }));
    const box = (await screen.findByRole('checkbox', { name: 'E-mail me about my orders' })) as HTMLInputElement;
    await waitFor(() => expect(box.disabled).toBe(false));
    fireEvent.click(box);
    expect((await screen.findByRole('alert')).textContent).toContain('Please log in again');
    expect(box.checked).toBe(true);
  });

  it('shows sellers no e-mail switch (order e-mails are for buyers)', () => {
    setSessionUser(person('seller'));
    renderRouted(AccountMenu, '/');
    fireEvent.click(screen.getByRole('button', { name: /Uma\s*account menu/ }));
    expect(screen.queryByRole('checkbox')).toBeNull();
  });
});
