/**
 * A redis-server of the test's own, on a free port, that the test may kill and restart.
 * Without the redis-server binary the test fails with a message saying how to get it:
 * pub/sub tests are never skipped silently.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';

export interface TestRedis {
  url: string;
  port: number;
  /** SIGKILL: the broker dies as in a crash. */
  kill(): Promise<void>;
  /** Starts again on the same port. */
  restart(): Promise<void>;
  /** SIGSTOP: the broker keeps its connections open and answers nothing (a frozen Redis). */
  freeze(): void;
  /** SIGCONT: it answers again, the queued commands first. */
  thaw(): void;
  stop(): Promise<void>;
}

const HOW_TO_GET_REDIS =
  'These tests need a Redis server binary: `apt-get install -y redis-server` (Debian) — `.ci/run` does it — ' +
  'or install Redis 6+ some other way so that `redis-server` is on PATH.';

export async function startTestRedis(): Promise<TestRedis> {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error(HOW_TO_GET_REDIS);
  const port = await freePort();
  let child: ChildProcess | null = null;

  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await waitForPing(port);
  };
  const kill = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };

  const signal = (name: NodeJS.Signals) => {
    const running: ChildProcess | null = child;
    if (!running) throw new Error('redis-server is not running');
    running.kill(name);
  };
  const stop = async () => {
    // A frozen server would not die of SIGKILL until continued on some systems: continue it first.
    if (child) child.kill('SIGCONT');
    await kill();
  };

  await start();
  return { url: `redis://127.0.0.1:${port}`, port, kill, restart: start, stop, freeze: () => signal('SIGSTOP'), thaw: () => signal('SIGCONT') };
}

/** Resolves once a redis-server answers PING on the port (10 s at most). */
export async function waitForPing(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') return;
    } catch {
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port}`);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      client.disconnect();
    }
  }
}
