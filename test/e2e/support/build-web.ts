/** Browser tests run against the production build: build it once, before any test file. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function buildWeb(): void {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  execFileSync(process.execPath, ['web/build-if-stale.mjs'], { cwd: root, stdio: 'inherit' });
}
