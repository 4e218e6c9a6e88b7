import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** The widths acceptance 1 of issue 14 names: laptop, tablet portrait, phone. */
export const WIDTHS = [1366, 820, 390] as const;

let axeSource: string | undefined;

/** axe-core's browser bundle from node_modules (never a CDN). */
function axe(): string {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * axe-core's serious and critical violations on the page as it is now. The bundle is evaluated
 * through the DevTools protocol, so the page's Content-Security-Policy (script-src 'self') stays on.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe());
  return page.evaluate(async () => {
    const runner = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await runner.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, targets: violation.nodes.map((node) => node.target.join(' ')) }));
  });
}

/**
 * How far the page scrolls sideways (0 or less when it fits), and the elements that stick out
 * past the window's right edge (outside any box that scrolls them), to say where to look.
 */
export function sidewaysOverflow(page: Page): Promise<{ overflow: number; sticking: string[] }> {
  return page.evaluate(() => {
    const overflow = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth;
    const clipped = (element: Element) => {
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        if (/(auto|scroll|hidden)/.test(getComputedStyle(parent).overflowX)) return true;
      }
      return false;
    };
    const sticking = overflow <= 0 ? [] : [...document.body.querySelectorAll('*')]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5 && !clipped(element))
      .slice(-5)
      .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} right=${Math.round(element.getBoundingClientRect().right)}`);
    return { overflow, sticking };
  });
}

/** The signed-in chrome a user can see: nav links, "Sign out", the session label's text. */
export function visibleChrome(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const seen = (element: Element | null) => Boolean(element && (element as HTMLElement).offsetParent !== null && (element as HTMLElement).getClientRects().length > 0);
    const shown: string[] = [];
    if (seen(document.getElementById('nav'))) shown.push('nav');
    if (seen(document.getElementById('sign-out'))) shown.push('Sign out');
    const label = document.getElementById('session-label');
    if (seen(label) || label?.textContent) shown.push(`session label: ${label?.textContent}`);
    return shown;
  });
}
