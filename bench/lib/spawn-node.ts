/**
 * Starts a Node process (a server under test) and waits for its `listening on http://…`
 * line on stdout (a plain line or a pino JSON line). The child gets its own event loop,
 * so the load generator in the bench process never shares one with the server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface SpawnedServer {
  url: string;
  child: ChildProcess;
  /** Recent stderr/stdout lines other than the listening line, for error reports. */
  output: string[];
  stop(): Promise<void>;
}

export interface SpawnOptions {
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
  label: string;
}

const LISTENING = /listening on (http:\/\/[^\s"]+)/;

export function spawnNode({ args, env = {}, cwd, timeoutMs = 30_000, label }: SpawnOptions): Promise<SpawnedServer> {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (line: string) => {
    output.push(line);
    if (output.length > 50) output.shift();
  };
  createInterface({ input: child.stderr! }).on('line', keep);

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };

  return new Promise<SpawnedServer>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${label}: no "listening on" line within ${timeoutMs} ms\n${output.join('\n')}`));
    }, timeoutMs);
    let found = false;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = found ? null : LISTENING.exec(line);
      if (!match?.[1]) return keep(line);
      found = true;
      clearTimeout(timer);
      resolve({ url: match[1], child, output, stop });
    });
    child.once('exit', (code, signal) => {
      if (found) return;
      clearTimeout(timer);
      reject(new Error(`${label} exited (${code ?? signal}) before listening\n${output.join('\n')}`));
    });
  });
}
