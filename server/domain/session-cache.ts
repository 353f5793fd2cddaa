/**
 * Sessions this node checked against the database recently, so a busy client does not cost a
 * database read on every request (see RecentCache for the rules). Ending a session anywhere
 * removes it everywhere: logout forgets it on this node at once, and the event bus's
 * `session:ended` reaches the other nodes (wired in composition.ts).
 */
import type { User } from './model.js';
import { RecentCache, type RecentCacheSettings } from './recent-cache.js';

export interface ResolvedSession {
  user: User;
  sessionId: string;
  /** When the session ends if it sees no further use (idle limit, capped by the absolute one). */
  expiresAt: number;
}

export class SessionCache {
  /** By session token: looking up by token skips hashing it. */
  private readonly byToken: RecentCache<string, ResolvedSession>;
  private readonly tokenOf = new Map<string, string>();

  constructor(settings: RecentCacheSettings, trusted?: () => boolean) {
    this.byToken = new RecentCache(settings, trusted);
  }

  get(token: string, now: number): ResolvedSession | undefined {
    return this.byToken.get(token, now);
  }

  set(token: string, session: ResolvedSession, now: number): void {
    this.byToken.set(token, session, now, session.expiresAt);
    if (this.byToken.peek(token) === session) this.tokenOf.set(session.sessionId, token);
    this.pruneIndex();
  }

  forget(sessionId: string): void {
    const token = this.tokenOf.get(sessionId);
    if (token === undefined) return;
    this.byToken.delete(token);
    this.tokenOf.delete(sessionId);
  }

  clear(): void {
    this.byToken.clear();
    this.tokenOf.clear();
  }

  get size(): number {
    return this.byToken.size;
  }

  /** Entries the cache dropped on its own (oldest first) leave index rows behind: sweep them now and then. */
  private pruneIndex(): void {
    if (this.tokenOf.size <= 2 * this.byToken.size + 64) return;
    for (const [sessionId, token] of this.tokenOf) {
      if (this.byToken.peek(token)?.sessionId !== sessionId) this.tokenOf.delete(sessionId);
    }
  }
}
