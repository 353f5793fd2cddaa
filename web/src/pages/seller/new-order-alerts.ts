/**
 * New-order alerts on the seller dashboard: the number of orders placed since the seller
 * last looked (for the tab title), an optional chime, and a browser notification while the
 * tab is hidden. "Looking" means the dashboard is visible and its window has focus; the last
 * moment the seller looked is remembered per seller, so a reload counts from there instead
 * of starting again from zero or from every order ever placed. The remembered moment is
 * written only while the seller looks (or as they stop looking), so its change in another
 * tab means they have seen the orders there: this tab's count clears too.
 */
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import type { OrderCreatedEvent } from '../../../../server/contract/api.js';
import { formatMoney } from '../../format/money.js';

/** Orders placed after an instant, as the server counts them (`total`) and the ids of its first page. */
export type CountPlacedSince = (since: string) => Promise<{ ids: readonly number[]; total: number }>;

export type NotificationState = NotificationPermission | 'unsupported';

export interface NewOrderAlerts {
  unseen: Accessor<number>;
  soundOn: Accessor<boolean>;
  setSoundOn: (on: boolean) => void;
  notifications: Accessor<NotificationState>;
  /** Must run from a user gesture (a click): browsers refuse the prompt otherwise. */
  requestNotifications: () => Promise<void>;
  onCreated: (event: OrderCreatedEvent) => void;
}

const seenKey = (sellerId: number) => `orderpulse.seller.${sellerId}.orders-seen-at`;
const soundKey = (sellerId: number) => `orderpulse.seller.${sellerId}.new-order-sound`;

// Storage can be unavailable (disabled, private mode, full): the alerts still work for this
// page's life, they are just not remembered across reloads.
function readStored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStored(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Not remembered; see readStored.
  }
}

export function isLooking(): boolean {
  return document.visibilityState === 'visible' && document.hasFocus();
}

function notificationState(): NotificationState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export function createNewOrderAlerts(options: { sellerId: number; countPlacedSince: CountPlacedSince }): NewOrderAlerts {
  const [unseenIds, setUnseenIds] = createSignal<ReadonlySet<number>>(new Set());
  // Orders the server counted beyond the ids it listed (more than one page of them).
  const [uncounted, setUncounted] = createSignal(0);
  const [soundOn, setSound] = createSignal(readStored(soundKey(options.sellerId)) === 'on');
  const [notifications, setNotifications] = createSignal<NotificationState>(notificationState());
  const chime = new Chime();
  let looking = isLooking();
  // Bumped whenever the count is cleared, so a count answered after that is dropped as stale.
  let generation = 0;

  const rememberLookedNow = () => writeStored(seenKey(options.sellerId), new Date().toISOString());
  const clearUnseen = () => {
    generation++;
    setUnseenIds(new Set<number>());
    setUncounted(0);
  };
  const markSeen = () => {
    rememberLookedNow();
    clearUnseen();
  };

  const countMissed = async () => {
    const since = readStored(seenKey(options.sellerId));
    // Never looked yet: nothing placed before this visit is "new" (and nothing is written
    // while not looking: see the module's comment).
    if (since === null) return;
    const asked = generation;
    const { ids, total } = await options.countPlacedSince(since);
    if (asked !== generation) return;
    setUnseenIds(new Set([...unseenIds(), ...ids]));
    setUncounted(Math.max(0, total - ids.length));
  };

  const onOtherTabLooked = (event: StorageEvent) => {
    if (event.key === seenKey(options.sellerId) && event.newValue !== null) clearUnseen();
  };

  const onAttention = () => {
    const now = isLooking();
    if (now === looking) return;
    looking = now;
    // Looked until now, or looking from now on: either way this moment is the last one seen.
    if (now) markSeen();
    else rememberLookedNow();
  };

  if (looking) markSeen();
  // A failed count leaves the title without a number until the next order or look; nothing to show the seller.
  else void countMissed().catch(() => undefined);
  document.addEventListener('visibilitychange', onAttention);
  window.addEventListener('focus', onAttention);
  window.addEventListener('blur', onAttention);
  const onLeave = () => {
    if (looking) rememberLookedNow();
  };
  window.addEventListener('pagehide', onLeave);
  window.addEventListener('storage', onOtherTabLooked);
  onCleanup(() => {
    onLeave();
    document.removeEventListener('visibilitychange', onAttention);
    window.removeEventListener('focus', onAttention);
    window.removeEventListener('blur', onAttention);
    window.removeEventListener('pagehide', onLeave);
    window.removeEventListener('storage', onOtherTabLooked);
    chime.close();
  });

  const onCreated = (event: OrderCreatedEvent) => {
    if (isLooking()) {
      rememberLookedNow();
      return;
    }
    if (unseenIds().has(event.order_id)) return;
    setUnseenIds(new Set([...unseenIds(), event.order_id]));
    if (soundOn()) chime.play();
    if (document.visibilityState === 'hidden' && notificationState() === 'granted') notify(event);
  };

  return {
    unseen: () => unseenIds().size + uncounted(),
    soundOn,
    setSoundOn(on) {
      setSound(on);
      writeStored(soundKey(options.sellerId), on ? 'on' : 'off');
      // Turned on by a click: the one moment a browser lets a page start its audio.
      if (on) chime.unlock();
    },
    notifications,
    async requestNotifications() {
      if (typeof Notification === 'undefined') return;
      setNotifications(await Notification.requestPermission());
    },
    onCreated,
  };
}

function notify(event: OrderCreatedEvent): void {
  const notification = new Notification(`New order ${event.order_number}`, {
    body: `${event.customer_name} · ${formatMoney(event.total_amount, event.currency)}`,
    // One notification per order, even when several dashboard tabs are open.
    tag: `order-created-${event.order_id}`,
  });
  notification.onclick = () => {
    window.focus();
    notification.close();
  };
}

/** A short two-note chime made with the Web Audio API (no sound file to ship or load). */
class Chime {
  private context: AudioContext | null = null;

  unlock(): AudioContext | null {
    if (typeof AudioContext === 'undefined') return null;
    this.context ??= new AudioContext();
    // Refused until the page has had a user gesture: the chime is then silent, which is all it can be.
    if (this.context.state === 'suspended') void this.context.resume().catch(() => undefined);
    return this.context;
  }

  play(): void {
    const audio = this.unlock();
    if (!audio) return;
    const start = audio.currentTime;
    const gain = audio.createGain();
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.4);
    gain.connect(audio.destination);
    const tone = audio.createOscillator();
    tone.type = 'sine';
    tone.frequency.setValueAtTime(880, start);
    tone.frequency.setValueAtTime(1320, start + 0.12);
    tone.connect(gain);
    tone.start(start);
    tone.stop(start + 0.4);
  }

  close(): void {
    void this.context?.close().catch(() => undefined);
    this.context = null;
  }
}
