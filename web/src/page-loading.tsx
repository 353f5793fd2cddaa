/**
 * How pages load: every page is its own chunk, fetched when the router first needs it (a
 * route renders, a link to it is hovered, focused or touched) or when the page before it in
 * the buying flow is idle. The entry chunk is part of every page's initial JS, and the order
 * confirmation page must stay within 40 kB gzipped (issue 14; `npx tsx bench/initial-js.ts`).
 */
import { Show, Suspense, createSignal, lazy, onCleanup, onMount, type Component } from 'solid-js';
import { Loading } from './components/Loading.jsx';
import { Notice } from './components/Notice.jsx';

/** The router calls `preload` (a lazy page's) when a route renders and when a link to it is hovered, focused or touched. */
export type Page = Component & { preload?: () => unknown };

/**
 * Pages that open a socket. Each gets its own Suspense: one around every route would also
 * blank the other pages whenever one of their resources refetches.
 */
export function lazyPage(load: () => Promise<{ default: Component }>): Page {
  const Loaded = lazy(load);
  const SuspendedPage = () => (
    <Suspense fallback={<Loading />}>
      <Loaded />
    </Suspense>
  );
  return Object.assign(SuspendedPage, { preload: Loaded.preload });
}

/**
 * The shop's pages, with no Suspense above them: their resources refetch in place (a search
 * keeps the list on screen and focus in its box), as when they were in the entry chunk. The
 * Loading line shows only until the page's chunk is there; a chunk that cannot be fetched says
 * so, and the next visit to the page tries again.
 */
export function onDemandPage(load: () => Promise<{ default: Component }>): Page {
  const Loaded = lazy(load);
  const [ready, setReady] = createSignal(false);
  const [failed, setFailed] = createSignal(false);
  const preload = () => {
    setFailed(false);
    return Loaded.preload().then(
      () => setReady(true),
      () => setFailed(true),
    );
  };
  const OnDemandPage = () => {
    if (!ready()) void preload();
    return (
      <Show when={ready()} fallback={failed() ? <Notice kind="error">This page could not be loaded. Check your connection and reload.</Notice> : <Loading />}>
        <Loaded />
      </Show>
    );
  };
  return Object.assign(OnDemandPage, { preload });
}

/** Runs `task` once the browser has nothing more pressing to do; the returned function cancels it. */
function whenIdle(task: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(task, { timeout: 3_000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(task, 200);
  return () => clearTimeout(id);
}

/**
 * The buying flow (shop → product → cart → checkout → confirmation) moves on without waiting
 * for code: once a page of it is shown and the browser is idle, the chunks of the pages a buyer
 * goes to next are fetched. Links also preload their page when hovered, focused or touched.
 */
export function thenPreload(Page: Page, next: () => readonly Page[]): Page {
  const PreloadingPage = () => {
    onMount(() => onCleanup(whenIdle(() => next().forEach((page) => void page.preload?.()))));
    return <Page />;
  };
  return Object.assign(PreloadingPage, { preload: Page.preload });
}
