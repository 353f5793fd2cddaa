/**
 * A real OrderPulse process (`node --import tsx server/main.ts`), for tests that must kill
 * or restart a server: the port is read back from its "listening on" log line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function spawnServer(env: Record<string, string>, timeoutMs = 30_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO_DATA: 'off',
      LOG_LEVEL: 'info',
      REDIS_URL: '',
      WEB_DIST: '/nonexistent-web-build',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  child.stderr?.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  const output = () => lines.join('\n');

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening on" line within ${timeoutMs} ms:\n${output()}`)), timeoutMs);
    const reader = createInterface({ input: child.stdout ?? process.stdin });
    reader.on('line', (line) => {
      lines.push(line);
      const match = /listening on (http:\/\/[^\s"]+)/.exec(messageOf(line));
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${output()}`));
    });
  });
  return { url, child, output, exited };
}

/** The msg of a pino JSON line (or the line itself when it is not JSON). */
function messageOf(line: string): string {
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed === 'object' && parsed !== null && 'msg' in parsed && typeof parsed.msg === 'string') return parsed.msg;
  } catch {
    // not JSON: fall through
  }
  return line;
}
