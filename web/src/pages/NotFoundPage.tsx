import type { JSX } from 'solid-js';
import { usePageTitle } from '../components/page-title.js';

export function NotFoundPage(): JSX.Element {
  usePageTitle(() => 'Page not found');
  return (
    <div class="page page--narrow">
      <h1>Page not found</h1>
      <p>There is nothing at this address. It may have moved, or the link may be mistyped.</p>
      <p>
        <a class="button button--primary" href="/">
          Go to the shop
        </a>
      </p>
    </div>
  );
}
