import { Show, type JSX } from 'solid-js';

/** Previous / next links; the URL holds the page so it survives reloads and back. */
export function Pagination(props: { page: number; pageCount: number; hrefFor: (page: number) => string; label?: string }): JSX.Element {
  return (
    <Show when={props.pageCount > 1}>
      <nav class="pagination" aria-label={props.label ?? 'Pagination'}>
        <Show when={props.page > 1} fallback={<span class="button button--secondary is-disabled" aria-hidden="true">← Previous</span>}>
          <a class="button button--secondary" href={props.hrefFor(props.page - 1)} rel="prev">
            ← Previous<span class="visually-hidden"> page</span>
          </a>
        </Show>
        <span class="pagination__status">
          Page {props.page} of {props.pageCount}
        </span>
        <Show when={props.page < props.pageCount} fallback={<span class="button button--secondary is-disabled" aria-hidden="true">Next →</span>}>
          <a class="button button--secondary" href={props.hrefFor(props.page + 1)} rel="next">
            Next<span class="visually-hidden"> page</span> →
          </a>
        </Show>
      </nav>
    </Show>
  );
}

/**
 * A page number past the list's end (an old link, a hand-edited URL, a list that shrank):
 * `children` says what the list holds, and the links lead to the pages that exist.
 */
export function PastTheLastPage(props: { lastPage: number; hrefFor: (page: number) => string; children: JSX.Element }): JSX.Element {
  return (
    <div class="empty-state">
      <p>{props.children}</p>
      <p class="empty-state__actions">
        <Show when={props.lastPage > 1}>
          <a class="button button--primary" href={props.hrefFor(props.lastPage)}>
            Go to the last page ({props.lastPage})
          </a>
        </Show>
        <a class={`button ${props.lastPage > 1 ? 'button--secondary' : 'button--primary'}`} href={props.hrefFor(1)}>
          Go to the first page
        </a>
      </p>
    </div>
  );
}

export function pageCount(total: number, limit: number): number {
  return Math.max(1, Math.ceil(total / limit));
}
