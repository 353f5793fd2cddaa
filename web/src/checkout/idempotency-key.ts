/**
 * The Idempotency-Key of a checkout attempt. The same key is reused for every retry of
 * the same order, so a retry after a timeout returns the first order instead of placing a
 * second. A new key is drawn only when the server definitely refused the last attempt
 * and the buyer then changed something.
 */
export function randomKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID exists only in secure contexts (https, localhost); plain-http deployments get a v4 UUID by hand.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class CheckoutAttempt {
  private key: string | null = null;
  private body: string | null = null;
  private refused = false;

  /** The key to send with this body. */
  keyFor(body: string): string {
    if (this.key === null || (this.refused && body !== this.body)) this.key = randomKey();
    this.body = body;
    this.refused = false;
    return this.key;
  }

  /** The server answered with a definite refusal (4xx): nothing was created with this key. */
  markRefused(): void {
    this.refused = true;
  }
}
