/** Reading list-page state (page number, search) out of the URL, tolerating junk. */
import type { SearchParams } from '@solidjs/router';

/** One query parameter as text: a repeated one (`?q=a&q=b`) counts by its first value, as URLSearchParams.get does. */
export function queryValue(params: SearchParams, key: string): string | null {
  const value = params[key];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

export function positivePage(raw: string | null): number {
  const page = Number(raw);
  return Number.isInteger(page) && page >= 1 ? page : 1;
}

export function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '' && !(key === 'page' && value === 1)) search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/** Only same-site paths may be used as a "come back here" target. */
export function safeNextPath(raw: string | null): string | null {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return null;
  return raw;
}
