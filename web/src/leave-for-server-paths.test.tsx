import { Route, Router, useNavigate, type RouteSectionProps } from '@solidjs/router';
import { fireEvent, render, screen } from '@solidjs/testing-library';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { serverPathHref, useLeaveForServerPaths } from './leave-for-server-paths.js';

const ORIGIN = 'http://app.test';

describe('serverPathHref', () => {
  it('sends the paths the server answers to the browser', () => {
    expect(serverPathHref('/api/docs', ORIGIN)).toBe('http://app.test/api/docs');
    expect(serverPathHref('/api', ORIGIN)).toBe('http://app.test/api');
    expect(serverPathHref('/socket.io/?EIO=4', ORIGIN)).toBe('http://app.test/socket.io/?EIO=4');
    expect(serverPathHref('/seller/update-order-status', ORIGIN)).toBe('http://app.test/seller/update-order-status');
    expect(serverPathHref('/healthz', ORIGIN)).toBe('http://app.test/healthz');
    expect(serverPathHref('/images/1.webp', ORIGIN)).toBe('http://app.test/images/1.webp');
  });

  it('keeps pages of the app, look-alike paths and Back/Forward steps in the router', () => {
    expect(serverPathHref('/', ORIGIN)).toBeNull();
    expect(serverPathHref('/products/1?tab=x#top', ORIGIN)).toBeNull();
    expect(serverPathHref('/apiary', ORIGIN)).toBeNull();
    expect(serverPathHref('/seller-dashboard', ORIGIN)).toBeNull();
    expect(serverPathHref(-1, ORIGIN)).toBeNull();
  });
});

describe('useLeaveForServerPaths', () => {
  const load = vi.fn<(href: string) => void>();
  let goTo: (path: string) => void = () => undefined;

  function Shell(props: RouteSectionProps) {
    useLeaveForServerPaths(load);
    const navigate = useNavigate();
    goTo = (path) => navigate(path);
    return (
      <>
        <a href="/api/docs">API docs</a>
        <a href="/cart">Cart</a>
        {props.children}
      </>
    );
  }

  beforeEach(() => {
    load.mockReset();
    window.history.replaceState(null, '', '/');
    render(() => (
      <Router root={Shell}>
        <Route path="/" component={() => <p>Home page</p>} />
        <Route path="/cart" component={() => <p>Cart page</p>} />
        <Route path="*" component={() => <p>Page not found</p>} />
      </Router>
    ));
  });

  it('hands a link to a server path to the browser instead of routing it', async () => {
    fireEvent.click(screen.getByRole('link', { name: 'API docs' }));
    expect(load).toHaveBeenCalledWith(`${window.location.origin}/api/docs`);
    await Promise.resolve();
    expect(window.location.pathname).toBe('/');
    expect(screen.getByText('Home page')).toBeTruthy();
    expect(screen.queryByText('Page not found')).toBeNull();
  });

  it('does the same for navigate()', () => {
    goTo('/healthz');
    expect(load).toHaveBeenCalledWith(`${window.location.origin}/healthz`);
    expect(window.location.pathname).toBe('/');
  });

  it('leaves links to pages to the router', async () => {
    fireEvent.click(screen.getByRole('link', { name: 'Cart' }));
    expect(await screen.findByText('Cart page')).toBeTruthy();
    expect(load).not.toHaveBeenCalled();
  });
});
