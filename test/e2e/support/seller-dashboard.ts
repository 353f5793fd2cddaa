/** What a seller sees on /seller-dashboard, found the way assistive tech finds it. */
import type { Locator, Page } from 'playwright-core';

export function filterTab(page: Page, label: string): Locator {
  return page.getByRole('navigation', { name: 'Filter orders by status' }).getByRole('link', { name: new RegExp(`^${label}\\b`) });
}

/** The number a filter tab shows ("Pending ⏳ 2 orders" → 2); NaN while it shows a dash. */
export async function tabCount(page: Page, label: string): Promise<number> {
  const text = (await filterTab(page, label).textContent()) ?? '';
  const match = /(\d+)\s*orders?\s*$/.exec(text.trim());
  return match ? Number(match[1]) : Number.NaN;
}

export async function tabCounts(page: Page, labels: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const label of labels) counts[label] = await tabCount(page, label);
  return counts;
}

export function ordersTable(page: Page): Locator {
  return page.getByRole('table', { name: /orders/i });
}

export function orderRow(page: Page, orderNumber: string): Locator {
  return ordersTable(page).getByRole('row').filter({ has: page.getByRole('rowheader', { name: orderNumber }) });
}

export function updateButton(page: Page, orderNumber: string): Locator {
  return page.getByRole('button', { name: `Update order ${orderNumber}` });
}

export function updateDialog(page: Page, orderNumber: string): Locator {
  return page.getByRole('dialog', { name: `Update order ${orderNumber}` });
}

/** The options of the dialog's "New status" select, as values and as visible words. */
export async function statusOptions(dialog: Locator): Promise<{ values: string[]; labels: string[] }> {
  const options = dialog.getByLabel('New status').getByRole('option');
  const values = await options.evaluateAll((nodes) => nodes.map((node) => (node instanceof HTMLOptionElement ? node.value : '')));
  const labels = (await options.allTextContents()).map((text) => text.replace(/[^\p{L}\s]/gu, '').trim());
  return { values, labels };
}
