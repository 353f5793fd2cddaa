/**
 * One webhook attempt: a signed POST of the delivery's payload, answered within the timeout
 * or counted as no answer. Redirects are not followed (a 3xx is a failed attempt), and the
 * target is checked again on the addresses the connection actually uses.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { signature, type AttemptResult, type LeasedDelivery } from '../domain/webhooks.js';
import { guardedLookup, hostOf, refusal, RefusedTargetError } from './webhook-targets.js';

export interface SenderOptions {
  allowPrivate: boolean;
  timeoutMs: number;
  clock?: () => number;
}

/** Sends attempts; close() cuts those in flight (their leases then run out or are released). */
export class WebhookSender {
  private readonly agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  private readonly inFlight = new Set<AbortController>();
  private readonly lookup;
  private readonly clock: () => number;

  constructor(private readonly options: SenderOptions) {
    this.lookup = guardedLookup(options.allowPrivate);
    this.clock = options.clock ?? Date.now;
  }

  async send(delivery: LeasedDelivery): Promise<AttemptResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const url = new URL(delivery.url);
    const host = hostOf(url);
    // A literal address is connected to without a lookup: it is checked here instead.
    const refused = isIP(host) && !this.options.allowPrivate ? refusal(host) : null;
    if (refused) return { statusCode: null, error: refused, durationMs: 0 };
    const timestamp = Math.floor(this.clock() / 1000);
    const signatures = delivery.secrets.map((secret) => signature(secret, delivery.webhookIdHeader, timestamp, delivery.payload));
    const abort = new AbortController();
    this.inFlight.add(abort);
    const timer = setTimeout(() => abort.abort(), this.options.timeoutMs);
    try {
      const statusCode = await this.post(url, abort.signal, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(delivery.payload)),
        'user-agent': 'OrderPulse-Webhooks/1',
        'webhook-id': delivery.webhookIdHeader,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatures.join(' '),
      }, delivery.payload);
      const error = statusCode >= 300 && statusCode < 400 ? `Answered ${statusCode}: redirects are not followed` : null;
      return { statusCode, error, durationMs: elapsed() };
    } catch (err) {
      return { statusCode: null, error: this.describe(err, abort.signal), durationMs: elapsed() };
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(abort);
    }
  }

  close(): void {
    for (const abort of this.inFlight) abort.abort();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private post(url: URL, signal: AbortSignal, headers: Record<string, string>, body: string): Promise<number> {
    const secure = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const request = (secure ? https : http).request(
        url,
        { method: 'POST', headers, signal, lookup: this.lookup, agent: secure ? this.agents.https : this.agents.http },
        (response) => {
          // The body is not kept: read it to its end so the connection can be reused.
          response.resume();
          response.once('end', () => resolve(response.statusCode ?? 0));
          response.once('error', reject);
        },
      );
      request.once('error', reject);
      request.end(body);
    });
  }

  private describe(err: unknown, signal: AbortSignal): string {
    if (signal.aborted) return `No answer within ${this.options.timeoutMs / 1000} s`;
    if (err instanceof RefusedTargetError) return err.message;
    const cause = err instanceof Error ? err.message : String(err);
    return `Could not be sent: ${cause}`.slice(0, 500);
  }
}
