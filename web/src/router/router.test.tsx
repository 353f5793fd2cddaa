import { fireEvent, render, screen } from '@solidjs/testing-library';
import { onCleanup } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RouteView, navigate, startRouter, useSearchParams, type RouteProps } from './router.jsx';

let mounts = 0;

function ProductPage(props: RouteProps) {
  mounts += 1;
  const params = useSearchParams();
  return (
    <p>
      Product {props.params.id} tab {params().get('tab') ?? 'none'}
    </p>
  );
}

function Home() {
  return (
    <nav>
      <a href="/products/7">Seven</a>
      <a href="/products/8" target="_blank">
        Eight in a new tab
      </a>
    </nav>
  );
}

function NotFound() {
  return <p>Nothing here</p>;
}

const routes = [
  { path: '/', view: Home },
  { path: '/products/:id', view: ProductPage },
];

function Harness() {
  onCleanup(startRouter());
  return <RouteView routes={routes} fallback={NotFound} />;
}

describe('router', () => {
  beforeEach(() => {
    window.history.replaceState(null, '', '/');
    mounts = 0;
  });
  afterEach(() => window.history.replaceState(null, '', '/'));

  it('follows in-app links without a page load and renders the matching route', () => {
    render(() => <Harness />);
    fireEvent.click(screen.getByText('Seven'));
    expect(window.location.pathname).toBe('/products/7');
    expect(screen.getByText('Product 7 tab none')).toBeTruthy();
  });

  it('leaves links meant for a new tab to the browser', () => {
    render(() => <Harness />);
    const link = screen.getByText('Eight in a new tab');
    const event = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
    link.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);
  });

  it('updates query parameters without remounting the page', () => {
    render(() => <Harness />);
    navigate('/products/3');
    expect(mounts).toBe(1);
    navigate('/products/3?tab=reviews');
    expect(screen.getByText('Product 3 tab reviews')).toBeTruthy();
    expect(mounts).toBe(1);
    navigate('/products/4');
    expect(mounts).toBe(2);
  });

  it('follows the back button and shows the fallback for unknown paths', () => {
    render(() => <Harness />);
    navigate('/nowhere');
    expect(screen.getByText('Nothing here')).toBeTruthy();
    navigate('/products/5', { replace: true });
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(screen.getByText('Product 5 tab none')).toBeTruthy();
  });
});
