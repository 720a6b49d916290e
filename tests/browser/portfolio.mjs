// Drives the portfolio page in headless Chromium (Debian's package) through playwright-core,
// as a user would open it: from file://. Prints one JSON object with what the DOM holds, the
// requests the page made, the contrast of every cell style, what the inline script does, and
// saves a screenshot. Usage: node portfolio.mjs PAGE.html SCREENSHOT.png
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { chromium } = require(process.env.PLAYWRIGHT_CORE || 'playwright-core');
const [page_path, shot] = process.argv.slice(2);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
const page = await context.newPage();
const requests = [];
page.on('request', (r) => requests.push(r.url()));
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
const url = pathToFileURL(path.resolve(page_path)).href;
await page.goto(url, { waitUntil: 'load' });

const dom = await page.evaluate(() => {
  const text = (e) => (e ? e.textContent.trim() : '');
  const table = document.getElementById('heatmap');
  const heads = Array.from(table.tHead.rows[0].cells).map(text);
  const rows = Array.from(table.tBodies[0].rows);
  const vendors = rows.map((r) => text(r.cells[0]));
  const cells = rows.flatMap((r) => Array.from(r.querySelectorAll('td[data-provision]')).map((c) => ({
    text: text(c), aria: c.getAttribute('aria-label') || '', provision: c.getAttribute('data-provision'),
  })));
  const headings = Array.from(document.querySelectorAll('h1,h2,h3,h4')).map((h) => ({ level: +h.tagName[1], text: text(h) }));
  const th_without_scope = Array.from(document.querySelectorAll('th')).filter((th) => !th.hasAttribute('scope')).length;
  // Contrast (WCAG 2.x) of every cell style, from the browser's computed colours.
  const lum = (rgb) => {
    const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((v) => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const styles = {};
  for (const c of document.querySelectorAll('td[data-provision], .legend li')) {
    const cls = Array.from(c.classList).find((k) => k.startsWith('p-'));
    if (!cls || styles[cls]) continue;
    const s = getComputedStyle(c);
    const [l1, l2] = [lum(s.color), lum(s.backgroundColor)].sort((a, b) => b - a);
    styles[cls] = { color: s.color, background: s.backgroundColor, pattern: s.backgroundImage !== 'none', contrast: (l1 + 0.05) / (l2 + 0.05) };
  }
  return { title: document.title, lang: document.documentElement.lang, heads, vendors, cells, headings, th_without_scope, styles,
           cards: document.querySelectorAll('details.card').length,
           rule_links_broken: Array.from(document.querySelectorAll('a[href^="#"]')).filter((a) => !document.getElementById(a.getAttribute('href').slice(1))).map((a) => a.getAttribute('href')) };
});

// The inline script: filtering hides rows, sorting reorders them.
const before = await page.locator('#heatmap tbody tr:not([hidden])').count();
const first = dom.vendors[0] || '';
await page.fill('#filter', first.slice(0, 6).toLowerCase());
const filtered = await page.locator('#heatmap tbody tr:not([hidden])').count();
await page.fill('#filter', '');
await page.click('#heatmap thead th:nth-child(1) button');
const sorted_first = await page.locator('#heatmap tbody tr:not([hidden]) th').first().textContent();
const pager_buttons = await page.locator('#pager button').count();
await page.screenshot({ path: shot, fullPage: false });
await browser.close();
const non_file = requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:'));
console.log(JSON.stringify({ ...dom, requests, non_file, errors, script: { before, filtered, sorted_first: sorted_first.trim(), pager_buttons } }));
