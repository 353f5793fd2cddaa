/** Rate-limit rules: how many hits a fixed window allows, and their `COUNT/WINDOW` notation. */

export interface RateLimitRule {
  count: number;
  windowMs: number;
}

const WINDOW_UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** Reads `10/15m` (window in s, m or h); null for anything else, a zero count or a zero window. */
export function parseRateLimit(value: string): RateLimitRule | null {
  const match = /^(\d{1,6})\/(\d{1,6})([smh])$/.exec(value.trim());
  if (!match) return null;
  const count = Number(match[1]);
  const windowMs = Number(match[2]) * WINDOW_UNIT_MS[match[3] as keyof typeof WINDOW_UNIT_MS];
  if (count < 1 || windowMs < 1) return null;
  return { count, windowMs };
}
