/**
 * Starting a node on a DATABASE_URL (or a TRUST_PROXY) it cannot use: one clear line on stderr, exit status 1,
 * and never a file created under a name that was meant as a URL.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const cwd = mkdtempSync(join(tmpdir(), 'orderpulse-startup-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function runToExit(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Run from an empty folder, so anything the node writes there shows.
    const child = spawn(process.execPath, ['--import', join(ROOT, 'node_modules/tsx/dist/esm/index.mjs'), join(ROOT, 'server/main.ts')], {
      cwd,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DEMO_DATA: 'off', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the node did not exit within 20 s:\n${stdout}${stderr}`));
    }, 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('a DATABASE_URL that cannot be used', () => {
  it.each([
    ['another scheme', 'mysql://root@127.0.0.1/orderpulse', /unsupported scheme "mysql:"/],
    ['a PostgreSQL server that does not answer', 'postgres://postgres@127.0.0.1:1/orderpulse', /127\.0\.0\.1:1|PostgreSQL/],
  ])('%s: exit 1 with one line saying so, and no file created', async (_what, url, says) => {
    const { code, stdout, stderr } = await runToExit({ DATABASE_URL: url });
    expect(code, stdout + stderr).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(says);
    expect(stdout).not.toMatch(/listening on/);
    expect(readdirSync(cwd)).toEqual([]);
    expect(existsSync(join(ROOT, url.split('/')[0] ?? 'x'))).toBe(false);
  });
});

describe('a TRUST_PROXY that cannot be read', () => {
  it('exits 1 with one line naming the variable and the entry', async () => {
    const { code, stdout, stderr } = await runToExit({ DATABASE_URL: ':memory:', TRUST_PROXY: '127.0.0.1,10.0.0.0/33' });
    expect(code, stdout + stderr).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/TRUST_PROXY.*"10\.0\.0\.0\/33"/);
    expect(stdout).not.toMatch(/listening on/);
  });
});
