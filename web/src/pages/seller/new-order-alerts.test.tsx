import { fireEvent, screen } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OrderCreatedEvent, SellerOrderRow, SellerOrdersBody, StatusCounts, UserBody } from '../../../../server/contract/api.js';
import { statusFields } from '../../../../server/contract/presenters.js';
import { ORDER_STATUSES } from '../../../../server/domain/order-status.js';
import { installFakeFetch, type RecordedRequest } from '../../api/fake-fetch.test-support.js';
import { FakeSocket } from '../../live/fake-socket.test-support.js';
import { renderRouted } from '../../router.test-support.jsx';
import { setSessionUser } from '../../state/session.js';
import { SellerDashboardPage } from './SellerDashboardPage.jsx';

const sockets: FakeSocket[] = [];
vi.mock('../../live/app-socket.js', () => ({
  createAppSocket: () => {
    const socket = new FakeSocket();
    sockets.push(socket);
    return socket;
  },
}));

const seller: UserBody = { id: 3, email: 'uma@example.com', first_name: 'Uma', last_name: 'R', role: 'seller', created_at: '2026-01-01T00:00:00Z', seller_id: 7, store_name: 'Urban Threads' };
const SEEN_KEY = 'orderpulse.seller.7.orders-seen-at';
const LIST_TITLE = 'All orders · Seller dashboard · OrderPulse';

function row(id: number): SellerOrderRow {
  return { order_id: id, order_number: `OP-${id}`, customer_name: `Customer ${id}`, total_amount: 1000 * id, currency: 'USD', ...statusFields('pending'), version: 1, created_at: '2026-01-01T10:00:00Z', updated_at: '2026-01-01T10:00:00Z', item_count: 1 };
}

function body(orders: SellerOrderRow[], total = orders.length): SellerOrdersBody {
  const counts = Object.fromEntries([['all', total], ...ORDER_STATUSES.map((status) => [status, status === 'pending' ? total : 0])]) as StatusCounts;
  return { orders, counts, total };
}

function created(id: number): OrderCreatedEvent {
  return { order_id: id, order_number: `OP-${id}`, customer_name: `Customer ${id}`, total_amount: 1000 * id, currency: 'USD', status: 'pending', created_at: new Date().toISOString() };
}

/** The tab as the browser reports it: shown or hidden, its window focused or not. */
const tab = { visible: true, focused: true };
function setTab(next: Partial<typeof tab>, event: 'visibilitychange' | 'focus' | 'blur'): void {
  Object.assign(tab, next);
  if (event === 'visibilitychange') document.dispatchEvent(new Event('visibilitychange'));
  else window.dispatchEvent(new Event(event));
}

class FakeNotification {
  static permission: NotificationPermission = 'default';
  static shown: { title: string; options: NotificationOptions | undefined }[] = [];
  static requestPermission = vi.fn(async () => {
    FakeNotification.permission = 'granted';
    return FakeNotification.permission;
  });
  onclick: (() => void) | null = null;
  constructor(title: string, options?: NotificationOptions) {
    FakeNotification.shown.push({ title, options });
  }
  close(): void {}
}

const tones: number[] = [];
class FakeAudioContext {
  state = 'running';
  currentTime = 0;
  destination = {};
  createGain() {
    return { gain: { setValueAtTime: () => undefined, exponentialRampToValueAtTime: () => undefined }, connect: () => undefined };
  }
  createOscillator() {
    return { type: 'sine', frequency: { setValueAtTime: () => undefined }, connect: () => undefined, start: (at: number) => tones.push(at), stop: () => undefined };
  }
  resume = async () => undefined;
  close = async () => undefined;
}

describe('new-order alerts on the seller dashboard', () => {
  let orders: SellerOrderRow[];
  let sinceTotal: number;
  let requests: RecordedRequest[];

  beforeEach(() => {
    sockets.length = 0;
    tones.length = 0;
    localStorage.clear();
    Object.assign(tab, { visible: true, focused: true });
    vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => (tab.visible ? 'visible' : 'hidden'));
    vi.spyOn(document, 'hidden', 'get').mockImplementation(() => !tab.visible);
    vi.spyOn(document, 'hasFocus').mockImplementation(() => tab.visible && tab.focused);
    FakeNotification.permission = 'default';
    FakeNotification.shown = [];
    vi.stubGlobal('Notification', FakeNotification);
    vi.stubGlobal('AudioContext', FakeAudioContext);
    setSessionUser(seller);
    orders = [row(1), row(2)];
    sinceTotal = 0;
    requests = installFakeFetch({
      'GET /api/seller/orders': (request) => {
        if (request.path.includes('from=')) return { status: 200, body: body(orders.slice(0, sinceTotal), sinceTotal) };
        return { status: 200, body: body(orders) };
      },
    });
  });

  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  let unmount: () => void = () => undefined;
  async function openDashboard(): Promise<FakeSocket> {
    unmount = renderRouted(SellerDashboardPage, '/seller-dashboard').unmount;
    await screen.findByText('OP-1');
    const socket = sockets[0];
    if (!socket) throw new Error('no socket opened');
    socket.simulateConnect();
    return socket;
  }

  it('counts new orders in the tab title while the seller is away, and clears it when they look again', async () => {
    const socket = await openDashboard();
    expect(document.title).toBe(LIST_TITLE);

    // Looking: a new order is seen as it arrives.
    socket.fire('order:created', created(3));
    expect(document.title).toBe(LIST_TITLE);

    setTab({ focused: false }, 'blur');
    socket.fire('order:created', created(4));
    socket.fire('order:created', created(5));
    socket.fire('order:created', created(5));
    expect(document.title).toBe('(2) Orders — OrderPulse');

    setTab({ visible: false }, 'visibilitychange');
    socket.fire('order:created', created(6));
    expect(document.title).toBe('(3) Orders — OrderPulse');

    setTab({ visible: true }, 'visibilitychange');
    expect(document.title, 'visible but another window has focus: not looking yet').toBe('(3) Orders — OrderPulse');
    setTab({ focused: true }, 'focus');
    expect(document.title).toBe(LIST_TITLE);
  });

  it('remembers when the seller last looked, so a reload while away counts from there', async () => {
    const first = await openDashboard();
    setTab({ focused: false }, 'blur');
    const leftAt = localStorage.getItem(SEEN_KEY);
    expect(leftAt).not.toBeNull();
    first.fire('order:created', created(3));
    expect(document.title).toBe('(1) Orders — OrderPulse');

    // Reloaded (or reopened) in the background: the server counts what was placed since.
    unmount();
    sinceTotal = 2;
    renderRouted(SellerDashboardPage, '/seller-dashboard');
    await screen.findByText('OP-1');
    await vi.waitFor(() => expect(document.title).toBe('(2) Orders — OrderPulse'));
    const count = requests.find((r) => r.path.includes('from='));
    expect(new URLSearchParams(count?.path.split('?')[1]).get('from')).toBe(leftAt);

    setTab({ focused: true }, 'focus');
    expect(document.title).toBe(LIST_TITLE);
    expect(Date.parse(localStorage.getItem(SEEN_KEY) ?? '')).toBeGreaterThanOrEqual(Date.parse(leftAt ?? ''));
  });

  it('a first visit counts nothing old, and opening the dashboard while looking asks the server nothing', async () => {
    await openDashboard();
    expect(requests.some((r) => r.path.includes('from='))).toBe(false);
    expect(localStorage.getItem(SEEN_KEY)).not.toBeNull();
  });

  it('a first visit in a background tab remembers nothing until the seller looks', async () => {
    Object.assign(tab, { visible: false });
    const socket = await openDashboard();
    expect(requests.some((r) => r.path.includes('from='))).toBe(false);
    socket.fire('order:created', created(3));
    expect(document.title).toBe('(1) Orders — OrderPulse');
    expect(localStorage.getItem(SEEN_KEY)).toBeNull();
    setTab({ visible: true }, 'visibilitychange');
    expect(localStorage.getItem(SEEN_KEY)).not.toBeNull();
    expect(document.title).toBe(LIST_TITLE);
  });

  it('counts orders beyond the first page the server lists', async () => {
    localStorage.setItem(SEEN_KEY, '2026-01-01T09:00:00.000Z');
    Object.assign(tab, { visible: false });
    installFakeFetch({
      'GET /api/seller/orders': (request) => ({ status: 200, body: request.path.includes('from=') ? body(orders.slice(0, 2), 130) : body(orders) }),
    });
    const socket = await openDashboard();
    await vi.waitFor(() => expect(document.title).toBe('(130) Orders — OrderPulse'));
    socket.fire('order:created', created(1));
    expect(document.title, 'an order already counted is not counted twice').toBe('(130) Orders — OrderPulse');
  });

  it('clears the count when the seller looks at the dashboard in another tab', async () => {
    const socket = await openDashboard();
    setTab({ focused: false }, 'blur');
    socket.fire('order:created', created(3));
    expect(document.title).toBe('(1) Orders — OrderPulse');
    window.dispatchEvent(new StorageEvent('storage', { key: 'orderpulse.seller.8.orders-seen-at', newValue: new Date().toISOString() }));
    expect(document.title, 'another seller’s dashboard is not this one').toBe('(1) Orders — OrderPulse');
    window.dispatchEvent(new StorageEvent('storage', { key: SEEN_KEY, newValue: new Date().toISOString() }));
    expect(document.title).toBe(LIST_TITLE);
  });

  it('chimes for a new order only when the seller turned the sound on, and remembers the choice', async () => {
    const socket = await openDashboard();
    const sound = screen.getByLabelText('Sound for new orders') as HTMLInputElement;
    expect(sound.checked, 'off by default').toBe(false);
    setTab({ focused: false }, 'blur');
    socket.fire('order:created', created(3));
    expect(tones).toHaveLength(0);

    fireEvent.click(sound);
    expect(localStorage.getItem('orderpulse.seller.7.new-order-sound')).toBe('on');
    socket.fire('order:created', created(4));
    expect(tones).toHaveLength(1);

    unmount();
    renderRouted(SellerDashboardPage, '/seller-dashboard');
    await screen.findByText('OP-1');
    expect((screen.getByLabelText('Sound for new orders') as HTMLInputElement).checked).toBe(true);
  });

  it('asks notification permission from a click, then notifies of an order while the tab is hidden only', async () => {
    const socket = await openDashboard();
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: /Enable notifications/ }));
    await screen.findByText('Notifications on');
    expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1);

    setTab({ focused: false }, 'blur');
    socket.fire('order:created', created(3));
    expect(FakeNotification.shown, 'visible in another window: the title says it').toHaveLength(0);

    setTab({ visible: false }, 'visibilitychange');
    socket.fire('order:created', created(4));
    expect(FakeNotification.shown).toEqual([{ title: 'New order OP-4', options: { body: 'Customer 4 · $40.00', tag: 'order-created-4' } }]);
  });

  it('says when notifications are blocked, and offers no button then', async () => {
    FakeNotification.permission = 'denied';
    await openDashboard();
    screen.getByText(/Notifications are blocked/);
    expect(screen.queryByRole('button', { name: /Enable notifications/ })).toBeNull();
  });
});
