/** axe-core run inside the page, reduced to what a failing assertion needs to say. */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  nodes: { target: string; summary: string }[];
}

/** Violations of the page as it is now (open dialogs included). Needs a context with bypassCSP. */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  await page.addScriptTag({ path: AXE_SCRIPT });
  return page.evaluate(async () => {
    const { axe } = window as unknown as { axe: typeof import('axe-core') };
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      helpUrl: violation.helpUrl,
      nodes: violation.nodes.map((node) => ({ target: node.target.join(' '), summary: node.failureSummary ?? '' })),
    }));
  });
}

export const BLOCKING_IMPACTS: readonly string[] = ['serious', 'critical'];

export function describeFindings(findings: readonly AxeFinding[]): string {
  if (findings.length === 0) return 'no violations';
  return findings
    .map((finding) => {
      const nodes = finding.nodes
        .slice(0, 5)
        .map((node) => `    - ${node.target}\n      ${node.summary.replace(/\n/g, '\n      ')}`)
        .join('\n');
      const more = finding.nodes.length > 5 ? `\n    … and ${finding.nodes.length - 5} more` : '';
      return `  ${finding.id} [${finding.impact}] ${finding.help} (${finding.helpUrl})\n${nodes}${more}`;
    })
    .join('\n');
}
