/**
 * Child processes of the push bench (servers, redis-server, client workers), all tracked so
 * that every exit path — normal end, error, hard timeout, Ctrl-C — kills them, and the
 * shutdown hooks (the throw-away PostgreSQL database's drop) that run on each of those paths.
 */
import { spawn, fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { freePort } from '../../test/support/free-port.js';
import { waitForPing } from '../../test/support/redis-server.js';

const children = new Set<ChildProcess>();
/** Set once the bench kills everything: children exiting after that are expected to. */
let killing = false;

export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** SIGKILLs every child still running (synchronous: safe in an 'exit' handler). */
export function killAll(): void {
  killing = true;
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  children.clear();
}

const shutdownHooks = new Set<() => Promise<void>>();
/** How long the hooks may take on the way out before the process exits anyway. */
const HOOKS_LIMIT_MS = 15_000;

/**
 * Registers async work for every way out (normal end, error, hard limit, signal, uncaught
 * error), run after the children are killed. Returns a function that runs it now, once, and
 * unregisters it: the normal path calls that itself.
 */
export function atShutdown(hook: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  const once = () => (running ??= hook().catch((err: unknown) => {
    process.stderr.write(`push-bench: shutdown step failed: ${err instanceof Error ? err.message : String(err)}\n`);
  }));
  shutdownHooks.add(once);
  return async () => {
    shutdownHooks.delete(once);
    await once();
  };
}

/** Kills the children, runs the shutdown hooks (bounded), and exits with `code`. */
export async function exitAfterShutdown(code: number): Promise<never> {
  killAll();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, HOOKS_LIMIT_MS);
  });
  await Promise.race([Promise.all([...shutdownHooks].map((hook) => hook())), late]);
  clearTimeout(timer);
  process.exit(code);
}

let installed = false;
/** Kills the children on any way out, and ends the run after `hardLimitMs` whatever happens. */
export function installCleanup(hardLimitMs: number): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      process.stderr.write(`\npush-bench: ${signal}, stopping children\n`);
      void exitAfterShutdown(130);
    });
  }
  process.on('uncaughtException', (err) => {
    process.stderr.write(`push-bench: uncaught ${err.stack ?? String(err)}\n`);
    void exitAfterShutdown(1);
  });
  const timer = setTimeout(() => {
    process.stderr.write(`\npush-bench: hard time limit of ${Math.round(hardLimitMs / 1000)} s reached; killing everything\n`);
    void exitAfterShutdown(2);
  }, hardLimitMs);
  timer.unref();
}

// Shared with the test harness: the same free-port pick and Redis readiness check.
export { freePort };

export interface ServerProcess {
  url: string;
  label: string;
  child: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

const LISTENING = /listening on (http:\/\/[^\s"]+)/;

/** `node --import tsx <script>`; resolves on its "listening on http://…" line (plain or pino JSON). */
export function startServerProcess(
  label: string,
  script: string,
  env: Record<string, string>,
  cwd: string,
  nodeArgs: string[] = [],
): Promise<ServerProcess> {
  const child = track(
    spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const output: string[] = [];
  const keep = (line: string) => {
    output.push(line);
    if (output.length > 40) output.shift();
  };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping = false;
  const stop = async () => {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  createInterface({ input: child.stderr! }).on('line', keep);
  return new Promise<ServerProcess>((resolve, reject) => {
    let found = false;
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${label}: no "listening on" line within 30 s\n${output.join('\n')}`));
    }, 30_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = found ? null : LISTENING.exec(line);
      if (!match?.[1]) return keep(line);
      found = true;
      clearTimeout(timer);
      resolve({ url: match[1].replace('localhost', '127.0.0.1'), label, child, output, stop });
    });
    // A node that dies mid-run leaves its figures missing; say so, with its last words.
    child.once('exit', (code, signal) => {
      if (found && !stopping && !killing) process.stderr.write(`push-bench: ${label} exited (${code ?? signal}) during the run\n${output.slice(-10).join('\n')}\n`);
    });
    child.once('exit', (code, signal) => {
      if (found) return;
      clearTimeout(timer);
      reject(new Error(`${label} exited (${code ?? signal}) before listening\n${output.join('\n')}`));
    });
  });
}

export interface RedisProcess {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/** A private redis-server on a free loopback port, no persistence. */
export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  const child = track(
    spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxclients', '1000'], {
      stdio: 'ignore',
    }),
  );
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (err) => reject(new Error(`redis-server could not start: ${err.message} (is it on PATH?)`)));
  });
  await Promise.race([waitForPing(port), failed]);
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      });
    },
  };
}

/** A client worker: this repo's TypeScript run by tsx in its own process, with an IPC channel. */
export function forkWorker(script: string, cwd: string): ChildProcess {
  const child = track(fork(script, [], { cwd, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  // A message to a worker that has died fails here; the bench notices the missing answer itself.
  child.on('error', (err) => process.stderr.write(`push-bench: client worker ${child.pid}: ${err.message}\n`));
  return child;
}
