/**
 * `npx tsx bench/initial-js.ts`: each page's initial JS, gzipped — the entry chunk and its
 * static imports, plus the page's own chunk and its static imports (what the router loads,
 * and Vite preloads alongside it, before the page can run). Chunks a page imports later
 * (socket.io-client once the tracker has painted) are listed apart and not counted.
 *
 * It builds the web app with the project's Vite config into a temporary directory, with the
 * build manifest (the chunk graph) on, so dist/web is left alone and never serves a manifest.
 * Sizes are gzip level 9, as web/build-if-stale.mjs precompresses what the server sends.
 * Issue 14's bar: the order confirmation page stays within 40 kB.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONFIRMATION_PAGE = 'src/pages/OrderConfirmationPage.tsx';
const BAR_BYTES = 40_000;

/** One entry of Vite's build manifest (keys are paths relative to the web root). */
interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

function chunk(manifest: Manifest, key: string): ManifestChunk {
  const found = manifest[key];
  if (!found) throw new Error(`the build manifest has no ${key}`);
  return found;
}

/** The chunks `keys` need before they run: themselves and their static imports, transitively. */
function staticClosure(manifest: Manifest, keys: readonly string[], into = new Set<string>()): Set<string> {
  for (const key of keys) {
    if (into.has(key)) continue;
    into.add(key);
    staticClosure(manifest, chunk(manifest, key).imports ?? [], into);
  }
  return into;
}

/** Chunks the given ones import dynamically, and what those need, minus what is already loaded. */
function loadedLater(manifest: Manifest, loaded: ReadonlySet<string>): Set<string> {
  const later = new Set<string>();
  for (const key of loaded) {
    for (const dynamic of chunk(manifest, key).dynamicImports ?? []) {
      // Pages are loaded when navigated to, not by the page in hand.
      if (chunk(manifest, dynamic).src?.startsWith('src/pages/')) continue;
      for (const needed of staticClosure(manifest, [dynamic])) if (!loaded.has(needed)) later.add(needed);
    }
  }
  return later;
}

async function buildWithManifest(outDir: string): Promise<Manifest> {
  await build({
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, manifest: 'manifest.json', rolldownOptions: { checks: { bundlerTimings: false } } },
  });
  return JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as Manifest;
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

async function main() {
  const outDir = mkdtempSync(join(tmpdir(), 'orderpulse-initial-js-'));
  try {
    const manifest = await buildWithManifest(outDir);
    const gzipped = new Map<string, number>();
    const size = (key: string) => {
      let bytes = gzipped.get(key);
      if (bytes === undefined) gzipped.set(key, (bytes = gzipSync(readFileSync(join(outDir, chunk(manifest, key).file)), { level: 9 }).length));
      return bytes;
    };
    const total = (keys: Iterable<string>) => [...keys].reduce((sum, key) => sum + size(key), 0);

    const entry = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
    if (!entry) throw new Error('the build manifest has no entry');
    const shell = staticClosure(manifest, [entry]);
    const pages = Object.keys(manifest)
      .filter((key) => manifest[key]?.isDynamicEntry && key.startsWith('src/pages/'))
      .map((key) => ({ key, initial: staticClosure(manifest, [key], new Set(shell)) }))
      .sort((a, b) => total(b.initial) - total(a.initial));

    console.log(`entry (index.html and its static imports): ${kB(total(shell))} gzipped`);
    console.log('initial JS per page, gzipped (entry + the page chunk + their static imports):');
    for (const page of pages) {
      const name = page.key.replace(/^src\/pages\//, '').replace(/\.tsx$/, '');
      const later = total(loadedLater(manifest, page.initial));
      console.log(`  ${name.padEnd(32)} ${kB(total(page.initial)).padStart(8)}${later > 0 ? `   + ${kB(later)} after first paint` : ''}`);
    }

    const confirmation = pages.find((page) => page.key === CONFIRMATION_PAGE);
    if (!confirmation) throw new Error(`${CONFIRMATION_PAGE} is not a page chunk of its own`);
    console.log(`\norder confirmation page (/order-confirmation/:order_number), chunk by chunk:`);
    for (const key of confirmation.initial) console.log(`  ${chunk(manifest, key).file.padEnd(48)} ${kB(size(key)).padStart(8)}`);
    for (const key of loadedLater(manifest, confirmation.initial)) console.log(`  ${chunk(manifest, key).file.padEnd(48)} ${kB(size(key)).padStart(8)}  (after first paint)`);
    const bytes = total(confirmation.initial);
    console.log(`${bytes <= BAR_BYTES ? 'PASS' : 'MISS'} order confirmation initial JS ${kB(bytes)} gzipped (bar ≤ ${kB(BAR_BYTES)})`);
    if (bytes > BAR_BYTES) process.exitCode = 1;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

await main();
