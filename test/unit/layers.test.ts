/**
 * The domain in the middle: server/domain/ imports only itself and Node's built-ins — no
 * framework, no store, no HTTP contract, no configuration. The edges depend on it, never
 * the other way round.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DOMAIN = join(import.meta.dirname, '../../server/domain');

function importsOf(file: string): string[] {
  const source = readFileSync(join(DOMAIN, file), 'utf8');
  return [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'"]+)['"]/gm), ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? '',
  );
}

describe('server/domain', () => {
  const files = readdirSync(DOMAIN).filter((f) => f.endsWith('.ts'));

  it('has files to look at', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files)('%s imports only the domain and node: built-ins', (file) => {
    const outside = importsOf(file).filter((spec) => !(spec.startsWith('./') && !spec.slice(2).includes('/')) && !spec.startsWith('node:'));
    expect(outside).toEqual([]);
  });
});
