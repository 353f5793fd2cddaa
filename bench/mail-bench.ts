/**
 * The e-mail figure of the outbound issue: how long one node takes to hand 1,000 order e-mails
 * to a local SMTP server (target ≤ 10 s). A seller cancels N buyers' orders in bulk requests of
 * 100 (each cancellation is an e-mail to its buyer); the clock runs from the first request to
 * the moment the SMTP server has accepted the N-th message. The server only counts what it
 * receives (no parsing), so the figure is the node's.
 *
 *   npm run bench:mail -- [--db sqlite|postgres] [--emails 1000]
 *
 * Seeds straight into the database (the push bench's seeders); every child is killed on the way out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SMTPServer } from 'smtp-server';
import type { BulkStatusBody } from '../server/contract/api.js';
import { throwAwayPostgres } from './lib/postgres-database.js';
import { sleep } from './push/measure.js';
import { freePort, installCleanup, startServerProcess } from './push/procs.js';
import { seedSqlite } from './push/seed.js';
import { seedPostgres } from './push/seed-postgres.js';

const ROOT = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    emails: { type: 'string', default: '1000' },
  },
  strict: true,
});
const EMAILS = Number(args.emails);
if (args.db !== 'sqlite' && args.db !== 'postgres') throw new Error(`--db must be sqlite or postgres, not ${args.db}`);
if (!Number.isInteger(EMAILS) || EMAILS < 1) throw new Error('--emails must be a positive whole number');
const TARGET_SECONDS = 10;
const BULK = 100;

const log = (line: string) => process.stdout.write(`${line}\n`);

async function startSink(): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    // No DNS lookup of the client's address: this machine has no resolver for 127.0.0.1's name.
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  return { url: `smtp://127.0.0.1:${port}`, received: () => received, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}

async function main(): Promise<void> {
  installCleanup(5 * 60_000);
  log(`mail bench on ${args.db}, ${EMAILS} e-mails, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'orderpulse-mail-bench-'));
  const postgres = args.db === 'postgres' ? await throwAwayPostgres(process.env.BENCH_POSTGRES_URL) : null;
  const sink = await startSink();
  try {
    const database = postgres?.url ?? join(dir, 'mail.db');
    const seeded = postgres ? await seedPostgres(database, EMAILS, 1) : await seedSqlite(database, EMAILS, 1);
    const seller = seeded.sellers[0];
    if (!seller) throw new Error('no seller seeded');
    const node = await startServerProcess(
      'node',
      'server/main.ts',
      { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: database, SMTP_URL: sink.url, MAIL_FROM: 'OrderPulse <orders@bench.test>', DEMO_DATA: 'off', LOG_LEVEL: 'info', NODE_ENV: 'test', WEB_DIST: '/nonexistent' },
      ROOT,
    );
    try {
      const ids = seeded.buyers.map((b) => b.orderId);
      const started = performance.now();
      for (let at = 0; at < ids.length; at += BULK) {
        const res = await fetch(`${node.url}/api/seller/orders/bulk-status`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: `op_session=${seller.token}` },
          body: JSON.stringify({ order_ids: ids.slice(at, at + BULK), new_status: 'cancelled' }),
        });
        const body = (await res.json()) as BulkStatusBody;
        if (res.status !== 200 || !body.results.every((r) => r.ok && r.changed)) throw new Error(`bulk cancel: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      }
      const changed = performance.now();
      const deadline = changed + 60_000;
      while (sink.received() < EMAILS && performance.now() < deadline) await sleep(5);
      const done = performance.now();
      const seconds = (done - started) / 1000;
      log(`${EMAILS} cancellations committed in ${((changed - started) / 1000).toFixed(2)} s (${EMAILS / BULK} bulk requests)`);
      log(`${sink.received()} of ${EMAILS} e-mails at the SMTP server ${seconds.toFixed(2)} s after the first request (${Math.round(sink.received() / seconds)} e-mails/s)`);
      log(`${sink.received() >= EMAILS && seconds <= TARGET_SECONDS ? 'PASS' : 'MISS'}  ${EMAILS} e-mails to a local SMTP server in ≤ ${TARGET_SECONDS} s`);
      // Nothing is sent twice: a moment more, and the count must not have grown.
      await sleep(1_000);
      if (sink.received() !== EMAILS) log(`note: the SMTP server received ${sink.received()} messages in all`);
    } finally {
      await node.stop();
    }
  } finally {
    await sink.close();
    await postgres?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
