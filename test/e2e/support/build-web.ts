/**
 * Browser tests run against a production build of their own, in a temp folder: dist/web is
 * shared with `npm start` and anyone else on the machine, and a rebuild there (Vite empties
 * the folder first) would pull the scripts from under a page mid-test.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder holding this run's build of the web app. */
    webDist: string;
  }
}

export default function buildWeb(project: TestProject): () => void {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const outDir = mkdtempSync(join(tmpdir(), 'orderpulse-e2e-web-'));
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  project.provide('webDist', outDir);
  return () => rmSync(outDir, { recursive: true, force: true });
}
