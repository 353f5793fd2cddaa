/**
 * What this node read from the database recently, for the reads that every request repeats
 * (who a session is, an order's version). An entry is served for at most `ttlMs` after it was
 * read, and never past its own `validUntil`. The caller removes entries the moment it learns
 * they changed (the event bus carries every node's changes), and `trusted` turns serving off
 * while such news cannot arrive (the bus is down); the caller then empties the cache when the
 * bus is back. Plain TypeScript: no clock of its own, the caller passes `now`.
 */
export interface RecentCacheSettings {
  /** How long an entry is served after it was read; 0 turns the cache off. */
  ttlMs: number;
  maxEntries: number;
}

interface Entry<V> {
  value: V;
  storedAt: number;
  validUntil: number;
}

export class RecentCache<K, V> {
  /** Insertion order = age: the first key is the oldest. */
  private readonly entries = new Map<K, Entry<V>>();
  /** Moves on every removal: a value read across one may be older than what was removed. */
  private removals = 0;

  constructor(
    private readonly settings: RecentCacheSettings,
    private readonly trusted: () => boolean = () => true,
  ) {}

  get enabled(): boolean {
    return this.settings.ttlMs > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K, now: number): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined || !this.trusted()) return undefined;
    if (now - entry.storedAt < this.settings.ttlMs && now < entry.validUntil) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /** The entry whatever its age (for the caller's bookkeeping, never for serving). */
  peek(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** Taken before reading a value from the store, and given to `set` with it. */
  readStarts(): number {
    return this.removals;
  }

  /**
   * Stores a value read from the store. A read that began (`readStarts`) before an entry was
   * removed may have seen the store before the change that removed it, so its value is not
   * kept: the next read goes to the store.
   */
  set(key: K, value: V, now: number, readStarted: number, validUntil = Number.POSITIVE_INFINITY): void {
    if (!this.enabled || !this.trusted() || readStarted !== this.removals) return;
    this.entries.delete(key);
    this.dropExpired(now);
    if (this.entries.size >= this.settings.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, storedAt: now, validUntil });
  }

  delete(key: K): void {
    this.entries.delete(key);
    this.removals++;
  }

  clear(): void {
    this.entries.clear();
    this.removals++;
  }

  /**
   * An entry past its time to live is never served again: drop such entries as new ones come
   * in, so the cache holds what was read in the last `ttlMs` rather than filling up to
   * `maxEntries` with dead ones. Entries are in the order they were stored, so the expired
   * ones are at the front.
   */
  private dropExpired(now: number): void {
    for (const [key, entry] of this.entries) {
      if (now - entry.storedAt < this.settings.ttlMs) return;
      this.entries.delete(key);
    }
  }
}
