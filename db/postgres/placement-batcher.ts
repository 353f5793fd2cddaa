/**
 * Placements that share a commit (group commit in the node).
 *
 * The rule: at most one batch is in flight per node. A placement that finds none starts one at
 * once, so an idle node adds no wait; placements that arrive while one is in flight queue and go
 * together in the next (up to CAP). A batch is one transaction on one connection: each member's
 * statement runs after a SAVEPOINT of its own, and an error in it (a refusal, a unique
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
 *
 * The batch's connection is pipelined (pg's `pipeline` mode, a pool of its own): BEGIN and every
 * member's SAVEPOINT and statement go out at once and PostgreSQL runs them back to back, without
 * waiting for this process between them — the batch holds the hot rows for PostgreSQL's work,
 * not for round trips to a busy event loop. An error aborts the transaction, so what was sent
 * after a failed member fails too (25P02); the batch rolls back to that member's savepoint and
 * sends the rest again.
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
    // the process; the statements in flight, or the next one, fail with it as well.
    client.on('error', ignoreLost);
    const members = this.queue.splice(0, this.cap);
    const outcomes: Outcome<R>[] = [];
    try {
      const begun = settled(client.query('BEGIN'));
      while (outcomes.length < members.length) {
        const sent = members.slice(outcomes.length).map(({ values }) => ({
          savepoint: settled(client.query('SAVEPOINT member')),
          statement: settled(client.query({ ...this.statement, values })),
        }));
        if (outcomes.length === 0) unwrap(await begun);
        if (!(await this.readUntilFailed(sent, outcomes))) break;
        // What was sent after the failed member failed with it (25P02); once all of it is back,
        // the transaction goes back to before that member and the rest is sent again. A lost
        // connection fails this rollback, and with it the batch.
        await Promise.all(sent.map(({ statement }) => statement));
        await client.query('ROLLBACK TO SAVEPOINT member');
      }
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

  /** Adds the outcomes of `sent` in order up to the first that failed; whether one did. */
  private async readUntilFailed(sent: Sent[], outcomes: Outcome<R>[]): Promise<boolean> {
    for (const { savepoint, statement } of sent) {
      unwrap(await savepoint);
      const outcome = await statement;
      if ('error' in outcome) {
        outcomes.push(outcome);
        return true;
      }
      outcomes.push({ row: (outcome.result.rows[0] as R | undefined) ?? null });
    }
    return false;
  }
}

/** One member's queries, on the wire together. */
interface Sent {
  savepoint: Promise<Settled>;
  statement: Promise<Settled>;
}

type Settled = { result: pg.QueryResult } | { error: unknown };

/** A query's result or error, as a value: a pipelined query may fail before it is awaited. */
function settled(query: Promise<pg.QueryResult>): Promise<Settled> {
  return query.then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
}

function unwrap(outcome: Settled): void {
  if ('error' in outcome) throw outcome.error;
}

function ignoreLost(): void {
  // The failure reaches the batch through the query it breaks (see PlacementBatcher.batch).
}
