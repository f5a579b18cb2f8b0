import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const [file, ...ids] = process.argv.slice(2);
const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'pw-')), { executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 900 },
  colorScheme: process.env.DARK ? 'dark' : 'light',
  args: ['--headless','--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const page = await ctx.newPage();
page.on('console', (m) => console.log('console', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto('file://' + file);
for (const id of ids) await page.locator('#' + id).screenshot({ path: `/tmp/i14/${id}${process.env.DARK ? '-dark' : ''}.png` });
await ctx.close();
