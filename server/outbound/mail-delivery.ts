/**
 * Order e-mails on one node: the e-mail consumer of the event log makes one e-mail row per
 * (event, kind), whichever node reads the event first; the sender leases due e-mails (one node
 * at a time each), writes them, hands them to the mail server and records the result, retrying
 * on MAIL_RETRY_SCHEDULE when the server fails. Woken by each order event (and return
 * decision) this node commits (server/infra/committed-here.ts), by a poll of the log (every
 * node's events) and by retry timers; stopped with the node.
 *
 * Where they go: SMTP_URL's server; without one, in development, `.eml` files under MAIL_DIR
 * (each logged), so a developer sees every e-mail without a mail server.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import { mailOutcome, mailPosition, mailsFor, newEmailToken, type LeasedMail, type MailOutcome } from '../domain/mail.js';
import type { OrderDetail } from '../domain/model.js';
import type { ReturnRequest } from '../domain/returns.js';
import type { EventBus, EventLog, MailOutbox, OrderRepository, UserRepository } from '../domain/ports.js';
import type { RetrySchedule } from '../domain/webhooks.js';
import type { Metrics } from '../infra/metrics.js';
import { gathered } from './gathered.js';
import { reachablePosition } from './log-position.js';
import { composeMail, type ComposedMail } from './mail-composer.js';

export const MAIL_CONSUMER = 'email';

/** How often the log is read for the events of other nodes, and of a node that died before its pass. */
const POLL_MS = 1_000;
/** An order event is mailed about this long after it arrives, with those that came meanwhile (see gathered.ts). */
const WAKE_DELAY_MS = 25;
/** Passes begin at least this far apart under load; an e-mail a fifth of a second later is still an e-mail at once. */
const WAKE_SPACING_MS = 200;
/** Longer than a send can take (the SMTP timeouts below), so a live node never loses a lease mid-send. */
const LEASE_MS = 120_000;
const CLAIM_BATCH = 8;
const LOG_BATCH = 500;
/** A hole in the log's positions is waited at this long (see reachablePosition). */
const HOLE_MS = 10_000;

export interface MailDeliveryDeps {
  log: EventLog;
  outbox: MailOutbox;
  users: UserRepository;
  orders: OrderRepository;
  /** The events this node commits. */
  committed: Pick<EventBus, 'subscribe'>;
  logger: Logger;
  metrics: Metrics;
  smtpUrl: string | undefined;
  from: string;
  /** Where `.eml` files go when there is no SMTP_URL. */
  dir: string;
  schedule: RetrySchedule;
  /** Links in e-mails start here (PUBLIC_URL, or the node's own address). */
  publicOrigin: string;
  clock?: () => number;
}

export interface RunningMail {
  close(): Promise<void>;
}

/** A written e-mail with its envelope. */
type OutgoingMail = ComposedMail & { id: number; to: string; unsubscribe: string; messageId: string };

/** Hands one written e-mail over: to the SMTP server, or to a file. */
interface Postman {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * Pooled: a few SMTP connections kept open and reused. A connection per e-mail costs its
 * handshake's round trips each time, about 0.1 s even to a server on the same machine, which
 * held a node to some 10 e-mails a second.
 */
function smtpPostman(url: string, from: string): Postman {
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: CLAIM_BATCH,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      await transport.sendMail(message(mail, from));
    },
    close: () => transport.close(),
  };
}

function filePostman(dir: string, from: string, logger: Logger): Postman {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const { message: bytes } = await transport.sendMail(message(mail, from));
      await mkdir(dir, { recursive: true });
      const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-email-${mail.id}.eml`);
      // Written whole, then named: a reader never finds half an e-mail.
      await writeFile(`${file}.part`, bytes);
      await rename(`${file}.part`, file);
      logger.info({ to: mail.to, subject: mail.subject, file }, 'e-mail written (no SMTP_URL)');
    },
    close: () => transport.close(),
  };
}

function message(mail: OutgoingMail, from: string) {
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    headers: { 'List-Unsubscribe': `<${mail.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

export function unsubscribeUrl(publicOrigin: string, token: string): string {
  return `${publicOrigin}/api/email/unsubscribe?token=${encodeURIComponent(token)}`;
}

export function startMailDelivery(deps: MailDeliveryDeps): RunningMail {
  const { logger, metrics, outbox } = deps;
  const clock = deps.clock ?? Date.now;
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  // Every attempt of one e-mail, from whichever node, carries the same Message-ID: a server that
  // got an earlier attempt can tell. The e-mail's id is unique in the database, the domain per deployment.
  const messageDomain = new URL(deps.publicOrigin).hostname;
  const postman = deps.smtpUrl ? smtpPostman(deps.smtpUrl, deps.from) : filePostman(deps.dir, deps.from, logger);
  let closed = false;
  const leased = new Set<number>();
  const timers = new Set<NodeJS.Timeout>();

  // --- the log's e-mail consumer ---------------------------------------------------------------
  let started = false;
  /** One pass over the log after the consumer's position: the e-mails it asks for, made. */
  const fanOutOnce = async (): Promise<number> => {
    let from = await deps.log.consumerPosition(MAIL_CONSUMER);
    if (from === 0 && !started) {
      // The consumer's first start (a new database, or an older one gaining e-mail): it begins
      // at the log's head, so nobody is mailed about what happened before.
      const head = await deps.log.head();
      if (head > 0 && (await deps.log.advanceConsumer(MAIL_CONSUMER, 0, head, clock()))) from = head;
    }
    started = true;
    const events = await deps.log.after(from, LOG_BATCH);
    if (events.length === 0) return 0;
    // A full read may have stopped inside a placement (see mailsFor).
    const complete = events.length < LOG_BATCH;
    const mails = mailsFor(events, clock(), complete);
    await outbox.enqueue(mails);
    const to = mailPosition(events, reachablePosition(from, events, clock(), HOLE_MS), complete);
    // Another node may have moved it meanwhile: it made the same e-mails (kept once), and the next pass reads on from there.
    if (to > from) await deps.log.advanceConsumer(MAIL_CONSUMER, from, to, clock());
    return mails.length;
  };

  // --- the sender --------------------------------------------------------------------------------
  /** The return request as the `return:decided` event at this position of the log decided it. */
  const decisionAt = async (position: number): Promise<ReturnRequest | null> => {
    const [logged] = await deps.log.after(position - 1, 1);
    return logged?.position === position && logged.event.type === 'return:decided' ? logged.event.returnRequest : null;
  };

  const attempt = async (mail: LeasedMail): Promise<MailOutcome> => {
    const recipient = await deps.users.mailRecipient(mail.userId, newEmailToken());
    if (!recipient || !recipient.emailNotifications) return { status: 'skipped', error: recipient ? 'the buyer turned order e-mails off' : 'no such user', nextAttemptAt: null };
    const orders: OrderDetail[] = [];
    for (const orderId of mail.orderIds) {
      const view = await deps.orders.findStatusView(orderId);
      const detail = view && (await deps.orders.findDetailByNumber(view.orderNumber));
      if (detail) orders.push(detail);
    }
    if (orders.length === 0) return { status: 'skipped', error: 'the order is gone', nextAttemptAt: null };
    const decision = mail.kind === 'return_decided' ? await decisionAt(mail.eventPosition) : null;
    if (mail.kind === 'return_decided' && !decision) return { status: 'skipped', error: 'the decision is no longer in the event log', nextAttemptAt: null };
    const unsubscribe = unsubscribeUrl(deps.publicOrigin, recipient.emailToken);
    const links = {
      order: (orderNumber: string) => `${deps.publicOrigin}/order-confirmation/${encodeURIComponent(orderNumber)}`,
      checkout: (checkoutNumber: string) => `${deps.publicOrigin}/checkout-confirmation/${encodeURIComponent(checkoutNumber)}`,
      unsubscribe,
    };
    const composed = composeMail(mail.kind, recipient, orders, links, decision);
    try {
      await postman.send({ ...composed, id: mail.id, to: recipient.email, unsubscribe, messageId: `<email-${mail.id}@${messageDomain}>` });
      return mailOutcome({ sent: true }, mail.attempts + 1, deps.schedule, clock());
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      logger.warn({ email: mail.id, kind: mail.kind, err: reason }, 'sending an e-mail failed');
      return mailOutcome({ sent: false, error: reason.slice(0, 500) }, mail.attempts + 1, deps.schedule, clock());
    }
  };

  /** One leased e-mail attempted and recorded; left leased (released by close) when the node is closing. */
  const send = async (mail: LeasedMail): Promise<void> => {
    if (closed) return;
    const outcome = await attempt(mail);
    const recorded = await outbox.complete(mail.id, owner, outcome, clock());
    leased.delete(mail.id);
    if (!recorded) logger.warn({ email: mail.id }, 'an e-mail attempt ended after its lease: not recorded');
    metrics.emailsSent.inc({ result: outcome.status === 'pending' ? 'retrying' : outcome.status });
    if (outcome.nextAttemptAt !== null) wakeAt(outcome.nextAttemptAt - clock());
  };

  const sendDue = async (): Promise<void> => {
    for (;;) {
      if (closed) return;
      const now = clock();
      const batch = await outbox.claim(owner, now, now + LEASE_MS, CLAIM_BATCH);
      for (const mail of batch) leased.add(mail.id);
      // The batch's e-mails go out side by side, one per pooled connection.
      await Promise.all(batch.map((mail) => send(mail)));
      if (batch.length < CLAIM_BATCH) return;
    }
  };

  // --- one pass at a time, again when asked meanwhile -------------------------------------------
  let running: Promise<void> | null = null;
  let again = false;
  const kick = () => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = fanOutOnce()
      .then(sendDue)
      .catch((err: unknown) => logger.warn({ err }, 'e-mail delivery pass failed; trying again'))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          kick();
        }
      });
  };
  const wakeAt = (delayMs: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      kick();
    }, Math.max(0, delayMs));
    timer.unref();
    timers.add(timer);
  };

  const woken = gathered(kick, WAKE_DELAY_MS, WAKE_SPACING_MS);
  const unsubscribe = deps.committed.subscribe(({ event }) => {
    if (event.type === 'order:created' || event.type === 'order:status' || event.type === 'return:decided') woken.wake();
  });
  const poll = setInterval(kick, POLL_MS);
  poll.unref();
  metrics.observe({ mailLag: async () => lagSeconds(await outbox.oldestDue(clock()), clock()) });
  kick();

  return {
    async close() {
      closed = true;
      unsubscribe();
      woken.cancel();
      clearInterval(poll);
      for (const timer of timers) clearTimeout(timer);
      await running;
      postman.close();
      if (leased.size > 0) await outbox.release([...leased], owner);
    },
  };
}

function lagSeconds(oldestDue: number | null, now: number): number {
  return oldestDue === null ? 0 : Math.max(0, (now - oldestDue) / 1000);
}
