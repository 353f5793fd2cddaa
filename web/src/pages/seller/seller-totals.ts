/**
 * The seller's totals shown on the sidebar on every seller page: orders waiting (pending) and
 * return requests waiting for a decision. They are the seller's own totals, fetched unfiltered,
 * never the counts of what a page happens to show (a search, a date window, another section).
 */
import { createSignal, onCleanup } from 'solid-js';
import { DEFAULT_SELLER_ORDER_SORT } from '../../../../server/domain/seller-orders.js';
import { countOpenReturnRequests } from '../../api/returns-api.js';
import { fetchSellerOrders } from '../../api/seller-api.js';

export interface SellerTotals {
  /** Undefined until known, and while they cannot be fetched (the badge is left off then). */
  pending: () => number | undefined;
  openReturns: () => number | undefined;
  /** Fetches both again; a burst of calls makes one fetch. */
  refresh: () => void;
  /** The open-returns total from a page that fetched it anyway (the Returns page's counts are over every request). */
  knowOpenReturns: (count: number) => void;
}

/** Pushes come in bursts (a bulk change): one refetch answers them all. */
const REFRESH_DEBOUNCE_MS = 250;

async function fetchPendingTotal(): Promise<number> {
  const body = await fetchSellerOrders({ status: 'all', q: '', sort: DEFAULT_SELLER_ORDER_SORT, from: '', to: '', page: 1, limit: 1 });
  return body.counts.pending;
}

export function createSellerTotals(): SellerTotals {
  const [pending, setPending] = createSignal<number | undefined>();
  const [openReturns, setOpenReturns] = createSignal<number | undefined>();
  let round = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const fetchBoth = () => {
    const mine = ++round;
    // A late answer from an earlier round never overwrites a later one.
    const settle = (set: (value: number | undefined) => void) => (value: number | undefined) => {
      if (mine === round) set(value);
    };
    fetchPendingTotal().then(settle(setPending), () => settle(setPending)(undefined));
    countOpenReturnRequests().then(settle(setOpenReturns), () => settle(setOpenReturns)(undefined));
  };

  fetchBoth();
  onCleanup(() => {
    clearTimeout(timer);
    round++;
  });

  return {
    pending,
    openReturns,
    refresh: () => {
      clearTimeout(timer);
      timer = setTimeout(fetchBoth, REFRESH_DEBOUNCE_MS);
    },
    knowOpenReturns: setOpenReturns,
  };
}
