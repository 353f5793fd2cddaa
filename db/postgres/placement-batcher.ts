/**
 * Placements that share a commit (group commit in the node).
 *
 * The rule: at most one batch is in flight per node. A placement that finds none starts one at
 * once, so an idle node adds no wait; placements that arrive while one is in flight queue and go
 * together in the next (up to CAP). A batch is one transaction on one pooled connection: each
 * member's statement runs after a SAVEPOINT of its own, and an error in it (a refusal, a unique
 * violation, a deadlock) is rolled back to that savepoint and goes to that member alone, the
 * others' writes untouched. Every member is settled only after the batch ends: when COMMIT
 * succeeded, each one with its own row or error; when BEGIN, COMMIT or the connection failed,
 * each one with that failure (nothing of the batch stayed).
 *
 * The reason: placements of the same products serialise on those rows' locks, and each holds
 * them until its commit's WAL flush (fdatasync), so one commit per placement caps a hot product
 * at the disk's flushes per second. A batch holds them through one flush for all its members.
 * Members are settled after the commit, not as their statement ends, so that what a member does
 * next (publishing its events, or reading and planning again after a refusal) sees the batch's
 * writes committed.
 */
import pg from 'pg';
import type { Statement } from './pg-database.js';

/** Members of one batch at most: its lock hold and its members' wait grow with it. */
const CAP = 32;

interface Member<R> {
  values: unknown[];
  resolve(row: R | null): void;
  reject(error: unknown): void;
}

type Outcome<R> = { row: R | null } | { error: unknown };

export class PlacementBatcher<R> {
  private readonly queue: Member<R>[] = [];
  private inFlight = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly statement: Statement,
    private readonly cap = CAP,
  ) {}

  /** Runs the statement with `values` in the next batch; its first row once that batch committed. */
  row(values: unknown[]): Promise<R | null> {
    return new Promise<R | null>((resolve, reject) => {
      this.queue.push({ values, resolve, reject });
      if (!this.inFlight) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.inFlight = true;
    try {
      while (this.queue.length > 0) await this.batch();
    } finally {
      this.inFlight = false;
    }
  }

  /** One batch: whatever is queued once a connection is at hand, up to the cap. Never throws. */
  private async batch(): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      for (const member of this.queue.splice(0, this.cap)) member.reject(error);
      return;
    }
    // A connection lost between statements is reported as an event, which would otherwise crash
    // the process; the statement in flight, or the next one, fails with it as well.
    client.on('error', ignoreLost);
    const members = this.queue.splice(0, this.cap);
    const outcomes: Outcome<R>[] = [];
    try {
      await client.query('BEGIN');
      for (const member of members) outcomes.push(await this.member(client, member.values));
      // A transaction already aborted answers COMMIT with ROLLBACK rather than an error.
      const commit = await client.query('COMMIT');
      if (commit.command !== 'COMMIT') throw new Error(`the batch's COMMIT answered ${commit.command}`);
    } catch (error) {
      const rolledBack = await client.query('ROLLBACK').then(
        () => true,
        () => false,
      );
      // A connection whose ROLLBACK failed is in an unknown state: it is closed, not reused.
      if (rolledBack) client.removeListener('error', ignoreLost);
      client.release(rolledBack ? undefined : error instanceof Error ? error : new Error(String(error)));
      for (const member of members) member.reject(error);
      return;
    }
    client.removeListener('error', ignoreLost);
    client.release();
    members.forEach((member, i) => {
      const outcome = outcomes[i]!;
      if ('error' in outcome) member.reject(outcome.error);
      else member.resolve(outcome.row);
    });
  }

  /** One member's statement behind its own savepoint; throws only what ends the whole batch. */
  private async member(client: pg.PoolClient, values: unknown[]): Promise<Outcome<R>> {
    await client.query('SAVEPOINT member');
    try {
      const result = await client.query({ ...this.statement, values });
      return { row: (result.rows[0] as R | undefined) ?? null };
    } catch (error) {
      // Also where a lost connection surfaces: the rollback then fails and ends the batch.
      await client.query('ROLLBACK TO SAVEPOINT member');
      return { error };
    }
  }
}

function ignoreLost(): void {
  // The failure reaches the batch through the query it breaks (see PlacementBatcher.batch).
}
