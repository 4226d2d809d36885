import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** One axe-core finding, trimmed to what a failing test should print. */
export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Run axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page as it is now
 * and return the serious and critical findings. axe's source is evaluated
 * through the DevTools protocol, which the page's CSP (no inline script)
 * does not govern — so the CSP stays on while it runs.
 */
export async function seriousAxeFindings(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  }
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/**
 * A test file's axe-core record: each screen checked has no serious or
 * critical finding, and its count joins a summary printed once at the end.
 */
export class AxeLog {
  private readonly lines: string[] = [];

  /** `heading` names the screens, e.g. "on the roles screens". */
  constructor(private readonly heading: string) {}

  async expectNone(page: Page, screen: string): Promise<void> {
    const findings = await seriousAxeFindings(page);
    this.lines.push(`  ${screen.padEnd(34)} ${findings.length}`);
    expect(findings).toEqual([]);
  }

  print(): void {
    if (this.lines.length) process.stdout.write(`\naxe-core ${this.heading} (serious/critical findings per screen):\n${this.lines.join('\n')}\n\n`);
  }
}
