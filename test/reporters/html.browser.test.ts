/**
 * The HTML report in a real browser: Debian's chromium, driven by playwright-core, loads the file
 * from disk with the network shut, and the test looks at what it drew. Skipped only where chromium
 * is not installed and no CI asked for it; `.ci/run` installs it, and CI (or
 * LEAKGUARD_REQUIRE_BROWSER=1) turns its absence into a failure.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { Sandbox, removeSandboxes } from '../git/repo.js';
import { createAuditRepo, type AuditRepo } from '../audit/audit-repo.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const required = Boolean(process.env['CI'] || process.env['LEAKGUARD_REQUIRE_BROWSER']);
// These flags keep chromium off the network on this closed machine (no update checks, no QUIC).
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SECTIONS = ['summary', 'rotation', 'timeline', 'credentials', 'files', 'authors', 'migration', 'notes'];
const TIMEOUT = 120_000;

describe('chromium for the browser test', () => {
  it('is installed wherever the test is required (CI installs it in .ci/run)', () => {
    expect(available || !required, `${CHROMIUM} is missing: apt-get install -y chromium`).toBe(true);
  });
});

describe.skipIf(!available)('html report in headless chromium', () => {
  let audit: AuditRepo;
  let work: string;
  let report: string;
  const contexts = new Map<string, BrowserContext>();

  /** One browser per setting, each with a new empty profile; a new page per test. */
  const open = async (options: { javaScriptEnabled?: boolean; colorScheme?: 'light' | 'dark' } = {}): Promise<{ page: Page; problems: string[]; requests: string[] }> => {
    const key = JSON.stringify(options);
    let context = contexts.get(key);
    if (!context) {
      const { chromium } = await import('playwright-core');
      context = await chromium.launchPersistentContext(mkdtempSync(join(work, 'profile-')), {
        executablePath: CHROMIUM,
        headless: true,
        args: FLAGS,
        viewport: { width: 1280, height: 900 },
        javaScriptEnabled: options.javaScriptEnabled ?? true,
        colorScheme: options.colorScheme ?? 'light',
      });
      contexts.set(key, context);
    }
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`file://${report}`);
    return { page, problems, requests };
  };

  beforeAll(() => {
    audit = createAuditRepo(new Sandbox());
    work = mkdtempSync(join(tmpdir(), 'leakguard-browser-'));
    report = join(work, 'report.html');
    const run = audit.repo.leakguard('scan', '--history', '--format', 'html', '--output', report);
    expect(run.code, run.stderr).toBe(1);
  }, TIMEOUT);

  afterAll(async () => {
    for (const context of contexts.values()) await context.close();
    rmSync(work, { recursive: true, force: true });
    removeSandboxes();
  });

  it('loads from file:// with no console error and no request but the file itself', async () => {
    const { page, problems, requests } = await open();
    await page.waitForLoadState('load');
    expect(problems).toEqual([]);
    expect(requests).toEqual([`file://${report}`]);
    expect(await page.title()).toBe('leakguard audit: 5 credentials');
  }, TIMEOUT);

  it('draws every section, and the screenshot shows them', async () => {
    const { page } = await open();
    const boxes: Record<string, { y: number; height: number }> = {};
    for (const id of SECTIONS) {
      const section = page.locator(`#${id}`);
      expect(await section.isVisible(), id).toBe(true);
      const box = await section.boundingBox();
      expect(box && box.width > 600 && box.height > 40, `${id}: ${JSON.stringify(box)}`).toBe(true);
      boxes[id] = { y: box!.y, height: box!.height };
    }
    // In document order, one below the other.
    const tops = SECTIONS.map((id) => boxes[id]!.y);
    expect(tops).toEqual([...tops].sort((a, b) => a - b));
    const chart = page.locator('svg.timeline-chart');
    expect(await chart.locator('g.lifeline').count()).toBe(5);
    expect((await chart.boundingBox())!.height).toBeGreaterThan(100);

    const path = join(work, 'report.png');
    await page.screenshot({ path, fullPage: true });
    const png = readFileSync(path);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(width).toBe(1280);
    // Every section lies inside the page the screenshot covers.
    const last = boxes['notes']!;
    expect(height).toBeGreaterThanOrEqual(Math.floor(last.y + last.height));
    // A blank or unstyled page compresses to a few kilobytes; this one has charts, badges and tables.
    expect(png.length).toBeGreaterThan(60_000);
    for (const id of ['rotation', 'timeline']) {
      const shot = await page.locator(`#${id}`).screenshot();
      expect(shot.length, id).toBeGreaterThan(8_000);
    }
  }, TIMEOUT);

  it('sorts a table from the keyboard with real buttons, announcing the order', async () => {
    const { page } = await open();
    const button = page.locator('#credentials-table').getByRole('button', { name: 'Sort by Introduced' });
    await button.focus();
    await page.keyboard.press('Enter');
    const header = button.locator('xpath=..');
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    type Row = { cells: ArrayLike<{ dataset: Record<string, string | undefined> }> };
    const column = await header.evaluate((th) => (th as unknown as { cellIndex: number }).cellIndex);
    const dates = async () =>
      page.locator('#credentials-table tbody tr').evaluateAll((rows, index) => rows.map((row) => (row as unknown as Row).cells[index]!.dataset['value'] ?? ''), column);
    const ascending = await dates();
    expect(ascending.filter(Boolean)).toHaveLength(5);
    expect(ascending).toEqual([...ascending].sort());
    await page.keyboard.press('Space');
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    expect(await dates()).toEqual([...ascending].reverse());
  }, TIMEOUT);

  it('is readable without JavaScript: the same tables, no buttons', async () => {
    const { page, problems } = await open({ javaScriptEnabled: false });
    expect(problems).toEqual([]);
    expect(await page.locator('button').count()).toBe(0);
    expect(await page.locator('#credentials-table tbody tr').count()).toBe(5);
    expect(await page.locator('#rotation li').count()).toBe(5);
  }, TIMEOUT);

  it('prints: navigation hidden, collapsed details opened, a PDF with every section', async () => {
    const { page } = await open();
    const monthTable = page.locator('#timeline details table');
    expect(await monthTable.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.toc').isVisible()).toBe(false);
    expect(await monthTable.isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(pdf.length).toBeGreaterThan(20_000);
  }, TIMEOUT);

  const luminance = (rgb: string): number => {
    const [r, g, b] = (rgb.match(/[\d.]+/g) ?? []).slice(0, 3).map((value) => {
      const channel = Number(value) / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a: string, b: string): number => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
    return (light + 0.05) / (dark + 0.05);
  };
  // Computed colours of the body and of every badge, evaluated in the page (no DOM types here).
  const COLOURS = `(() => [document.body, ...document.querySelectorAll('.badge')].map((element) => {
    const style = getComputedStyle(element);
    return { text: element.textContent, color: style.color, background: style.backgroundColor };
  }))()`;

  it.each(['light', 'dark'] as const)('meets WCAG AA contrast in the %s colour scheme', async (colorScheme) => {
    const { page } = await open({ colorScheme });
    const [body, ...badges] = (await page.evaluate(COLOURS)) as { text: string; color: string; background: string }[];
    if (colorScheme === 'dark') expect(luminance(body!.background)).toBeLessThan(0.05);
    else expect(luminance(body!.background)).toBeGreaterThan(0.9);
    expect(contrast(body!.color, body!.background)).toBeGreaterThan(7); // AAA for body text
    expect(badges.length).toBeGreaterThan(10);
    for (const badge of badges) expect(contrast(badge.color, badge.background), `${badge.text}: ${badge.color} on ${badge.background}`).toBeGreaterThanOrEqual(4.5);
  }, TIMEOUT);
});
