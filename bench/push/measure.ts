/** Small measuring helpers of the push bench: percentiles, /metrics, CPU time, a keep-alive POST. */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

export interface Quantiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function quantiles(values: number[]): Quantiles {
  const n = values.length;
  if (n === 0) return { n, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = Float64Array.from(values).sort();
  // Nearest-rank: the smallest value with at least q of the samples at or below it.
  const at = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]!;
  let sum = 0;
  for (const v of sorted) sum += v;
  return { n, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[n - 1]!, mean: sum / n };
}

/** One scrape; every figure NaN when the scrape failed (then `error` says why). */
export interface NodeMetrics {
  rss: number;
  heapUsed: number;
  sockets: number;
  loopP50Ms: number;
  loopP99Ms: number;
  loopMaxMs: number;
  error: string | null;
}

/** A node at its file-descriptor limit never accepts the scrape's connection: give up after this. */
const METRICS_TIMEOUT_MS = 10_000;

const missing = (error: string): NodeMetrics => ({ rss: NaN, heapUsed: NaN, sockets: NaN, loopP50Ms: NaN, loopP99Ms: NaN, loopMaxMs: NaN, error });

function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(name + ' ') || l.startsWith(name + '{'));
  if (!line) throw new Error(`metric ${name} missing`);
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}

/**
 * One scrape of a node's /metrics (prom-client's names; the floor server speaks the same).
 * The event-loop figures cover the time since the previous scrape: prom-client resets its
 * histogram on every scrape, so a scrape before a load and one after it bracket the load.
 * Never throws: a failed or late scrape is a result with missing figures, and the run goes on.
 */
export async function readMetrics(baseUrl: string): Promise<NodeMetrics> {
  try {
    const res = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(METRICS_TIMEOUT_MS) });
    const text = await res.text();
    if (!res.ok) return missing(`GET ${baseUrl}/metrics: ${res.status}`);
    return {
      rss: metric(text, 'process_resident_memory_bytes'),
      heapUsed: metric(text, 'nodejs_heap_size_used_bytes'),
      sockets: metric(text, 'socket_connections'),
      loopP50Ms: metric(text, 'nodejs_eventloop_lag_p50_seconds') * 1e3,
      loopP99Ms: metric(text, 'nodejs_eventloop_lag_p99_seconds') * 1e3,
      loopMaxMs: metric(text, 'nodejs_eventloop_lag_max_seconds') * 1e3,
      error: null,
    };
  } catch (err) {
    // fetch's own message ("fetch failed") hides the socket error in `cause`.
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return missing(`GET ${baseUrl}/metrics: ${err instanceof Error ? err.message : String(err)}${cause}`);
  }
}

/** user+system CPU seconds of a process so far, from /proc (null off Linux). */
export function cpuSecondsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Busy and total CPU seconds of the whole machine so far (all cores), from /proc/stat. */
export function machineCpuSeconds(): { busy: number; total: number } | null {
  try {
    const first = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const ticks = first.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = ticks.reduce((s, t) => s + t, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return { busy: (total - idle) / 100, total: total / 100 };
  } catch {
    return null;
  }
}

let agent = new Agent({ keepAlive: true, maxSockets: 64 });

/**
 * Fresh keep-alive connections for the next load: a connection left idle between loads may be
 * closed by the server (keepAliveTimeout) just as it is reused, which fails that POST.
 */
export function resetAgent(): void {
  agent.destroy();
  agent = new Agent({ keepAlive: true, maxSockets: 64 });
}

/** POST a JSON body over a keep-alive connection; resolves with the status code and the body text. */
export function postJson(url: URL, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('POST timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

export function closeAgent(): void {
  agent.destroy();
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
