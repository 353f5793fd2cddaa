const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDateTime(iso: string): string {
  const value = new Date(iso);
  return Number.isNaN(value.getTime()) ? iso : dateTime.format(value);
}

export function formatDate(iso: string): string {
  const value = new Date(iso);
  return Number.isNaN(value.getTime()) ? iso : date.format(value);
}

/** Calendar dates (YYYY-MM-DD) name days, not instants: they are formatted in UTC so no time zone moves them. */
const dayParts = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

function partsOf(day: string): { weekday: string; day: string; month: string } | null {
  const value = new Date(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(value.getTime())) return null;
  const parts = dayParts.formatToParts(value);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return { weekday: part('weekday'), day: part('day'), month: part('month') };
}

/**
 * A delivery window as the tracker says it: "Tue 12 – Thu 14 Dec", "Mon 30 Nov – Wed 2 Dec",
 * or "Tue 12 Dec" for a single day. Null when a date cannot be read.
 */
export function formatDeliveryWindow(window: { earliest: string; latest: string }): string | null {
  const from = partsOf(window.earliest);
  const to = partsOf(window.latest);
  if (!from || !to) return null;
  const last = `${to.weekday} ${to.day} ${to.month}`;
  if (window.earliest === window.latest) return last;
  const sameMonth = window.earliest.slice(0, 7) === window.latest.slice(0, 7);
  return `${from.weekday} ${from.day}${sameMonth ? '' : ` ${from.month}`} – ${last}`;
}
