/** Renders a page or component the way the app does: inside @solidjs/router, on jsdom's History API. */
import { Route, Router } from '@solidjs/router';
import { render } from '@solidjs/testing-library';
import type { Component } from 'solid-js';

/**
 * `url` is where the browser is; `path` the route pattern the page answers (the url's path by
 * default); `state` the history entry's state, as a navigation with state would leave it.
 */
export function renderRouted(Page: Component, url: string, path = new URL(url, window.location.origin).pathname, state: unknown = null): ReturnType<typeof render> {
  window.history.replaceState(state, '', url);
  return render(() => (
    <Router>
      <Route path={path} component={Page} />
    </Router>
  ));
}
