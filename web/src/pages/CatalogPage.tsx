import { useNavigate, useSearchParams } from '@solidjs/router';
import { For, Show, createEffect, createResource, createSignal, on, type JSX } from 'solid-js';
import { errorMessage } from '../api/api-client.js';
import { fetchProducts } from '../api/catalog-api.js';
import { Loading } from '../components/Loading.jsx';
import { Notice } from '../components/Notice.jsx';
import { Pagination, PastTheLastPage, pageCount } from '../components/Pagination.jsx';
import { ProductCard } from '../components/ProductCard.jsx';
import { usePageTitle } from '../components/page-title.js';
import { positivePage, queryValue, withQuery } from './page-query.js';

const PAGE_SIZE = 12;
/** The longest search the API takes (GET /api/products `q`). */
export const MAX_SEARCH_LENGTH = 100;

export function CatalogPage(): JSX.Element {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const query = () => ({ q: queryValue(params, 'q')?.trim() ?? '', page: positivePage(queryValue(params, 'page')), limit: PAGE_SIZE });
  // A longer search (a pasted link) is never sent: the API would refuse it in its own terms.
  const pageHref = (page: number) => withQuery('/', { q: query().q, page });
  const tooLong = () => query().q.length > MAX_SEARCH_LENGTH;
  const [products] = createResource(() => (tooLong() ? false : query()), fetchProducts);
  const [search, setSearch] = createSignal(query().q);
  createEffect(on(() => query().q, (q) => setSearch(q), { defer: true }));
  usePageTitle(() => (query().q ? `“${query().q}” · Shop` : 'Shop'));

  const onSearch = (event: SubmitEvent) => {
    event.preventDefault();
    navigate(withQuery('/', { q: search().trim() }));
  };

  return (
    <div class="page">
      <div class="page__header">
        <div>
          <h1>Shop</h1>
          <p class="page__lead">Independent sellers, tracked from checkout to your door.</p>
        </div>
        <form class="search-form" role="search" onSubmit={onSearch}>
          <label for="catalog-search" class="visually-hidden">
            Search products
          </label>
          <input
            id="catalog-search"
            type="search"
            placeholder="Search products"
            maxLength={MAX_SEARCH_LENGTH}
            value={search()}
            onInput={(event) => setSearch(event.currentTarget.value)}
          />
          <button type="submit" class="button button--primary">
            Search
          </button>
        </form>
      </div>

      <Show when={tooLong()}>
        <Notice kind="error">
          Searches can be at most {MAX_SEARCH_LENGTH} characters: try a few words of the product's name. <a href="/">See all products</a>
        </Notice>
      </Show>
      <Show when={products.error}>
        <Notice kind="error">{errorMessage(products.error)}</Notice>
      </Show>
      <Show when={!products.error && products()} fallback={<Show when={!products.error && !tooLong()}><Loading label="Loading products…" /></Show>}>
        {(list) => (
          <>
            <p class="results-count" role="status">
              {list().total === 0
                ? query().q
                  ? `No products match “${query().q}”.`
                  : 'No products yet.'
                : `${list().total} ${list().total === 1 ? 'product' : 'products'}${query().q ? ` for “${query().q}”` : ''}`}
              <Show when={query().q}>
                {' '}
                <a href="/">{list().total === 0 ? 'See all products' : 'Clear search'}</a>
              </Show>
            </p>
            <Show
              when={list().total === 0 || query().page <= pageCount(list().total, PAGE_SIZE)}
              fallback={
                <PastTheLastPage lastPage={pageCount(list().total, PAGE_SIZE)} hrefFor={pageHref}>
                  There is no page {query().page}:{' '}
                  {pageCount(list().total, PAGE_SIZE) === 1 ? 'these products fit on one page.' : `these products fill ${pageCount(list().total, PAGE_SIZE)} pages.`}
                </PastTheLastPage>
              }
            >
              <div class="product-grid" aria-busy={products.loading}>
                <For each={list().products}>{(product, index) => <ProductCard product={product} eagerImage={index() < 4} />}</For>
              </div>
              <Pagination
                page={query().page}
                pageCount={pageCount(list().total, PAGE_SIZE)}
                hrefFor={pageHref}
                label="Product pages"
              />
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}
