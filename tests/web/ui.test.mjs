// Browser end-to-end tests of the web UI in Debian's Chromium (playwright-core
// drives it; no browser download). Started by run.sh, which ingests the
// fixture (and the shared seeds when present) into MARSAD_DB.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';

const { MARSAD_BIN, MARSAD_DB, MARSAD_WEB, MARSAD_CHROMIUM, MARSAD_SCREENSHOTS, MARSAD_UI_SEEDS } = process.env;
let server, browser, base;

before(async () => {
  server = spawn(MARSAD_BIN, ['serve', '--db', MARSAD_DB, '--port', '0', '--web', MARSAD_WEB, '--rate-limit', '0'],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  base = await new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 60000);
    server.stderr.on('data', (d) => {
      err += d;
      const m = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(err);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    server.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
  browser = await chromium.launch({
    executablePath: MARSAD_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill('SIGTERM');
});

async function open(hash, { lang = 'ar', width = 1280, height = 900 } = {}) {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript((l) => localStorage.setItem('marsad.lang', l), lang);
  await page.goto(`${base}/${hash}`);
  await page.waitForFunction((h) => document.body.dataset.ready === h, hash.replace(/^#/, '') || '/');
  page.errors = errors;
  return page;
}

async function shot(page, name, selector) {
  if (!MARSAD_SCREENSHOTS) return;
  const path = `${MARSAD_SCREENSHOTS}/${name}.png`;
  if (selector) {
    // The sticky header would cover element shots.
    await page.evaluate(() => { document.querySelector('.top').style.position = 'static'; });
    await page.locator(selector).first().screenshot({ path });
  }
  else await page.screenshot({ path, fullPage: false });
}

async function sourcesShown(page) {
  const ids = await page.locator('#sources .source').evaluateAll((els) => els.map((e) => e.dataset.article));
  // Every source column rendered its text.
  assert.equal(await page.locator('#sources .source .article-text').count(), ids.length);
  return ids;
}

async function storyOf(article) {
  const r = await fetch(`${base}/api/articles/${article}`);
  assert.equal(r.status, 200);
  return (await r.json()).story;
}

test('stories page: Arabic, right to left, stories and the activity chart', async () => {
  const page = await open('#/');
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  assert.ok(await page.locator('#story-list .card').count() >= 2);
  assert.ok(await page.locator('svg.chart rect.bar').count() >= 2);
  await shot(page, 'stories');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the 2020 story shows its four sources with highlighted entities', async () => {
  const id = await storyOf('w-1');
  const page = await open(`#/story/${encodeURIComponent(id)}`);
  await page.waitForSelector('#sources .source .article-text');
  // The four reports of the fixture (the seeds, when ingested too, report
  // the same truce and may join the story).
  const shown = await sourcesShown(page);
  for (const id of ['w-1', 'w-2', 'w-3', 'w-4']) assert.ok(shown.includes(id), `sources shown: ${shown}`);
  assert.ok(!shown.includes('w-5'));
  if (!MARSAD_UI_SEEDS) assert.equal(shown.length, 4);
  const outlets = await page.locator('#sources .source .outlet').allTextContents();
  for (const o of ['وكالة الرصد', 'صحيفة المرصد', 'إذاعة الشرق', 'موقع النهار']) assert.ok(outlets.includes(o), o);
  // Entities are highlighted exactly on their names (code points, not UTF-16).
  const ents = await page.locator('#sources .ent-PER').allTextContents();
  assert.ok(ents.some((e) => e.includes('بوتين')), `persons: ${ents}`);
  assert.ok(ents.some((e) => e.includes('بوتن')), `persons: ${ents}`);
  assert.ok((await page.locator('#sources .date').count()) > 0);
  assert.ok((await page.locator('#sources .num').count()) > 0);
  await shot(page, 'story');
  await shot(page, 'story-sources', '#sources');
  if (await page.locator('#claims').count()) await shot(page, 'story-claims', '#claims');
  if (await page.locator('#ceasefires').count()) await shot(page, 'story-ceasefire', '#ceasefires');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the seeds 2020 story has four sources', { skip: !MARSAD_UI_SEEDS && 'no shared seeds' }, async () => {
  const id = await storyOf('seed-000');
  const page = await open(`#/story/${encodeURIComponent(id)}`);
  await page.waitForSelector('#sources .source .article-text');
  const shown = await sourcesShown(page);
  for (const id of ['seed-000', 'seed-001', 'seed-002', 'seed-004']) assert.ok(shown.includes(id), `sources shown: ${shown}`);
  assert.ok(!shown.includes('seed-003'));  // the 2022 truce is another story
  assert.ok((await page.locator('#sources .ent').count()) > 10);
  await page.close();
});

test('search "يوقع" finds the text written "سيُوقَّع"', async () => {
  const page = await open(`#/search?q=${encodeURIComponent('يوقع')}`);
  const hit = page.locator('#results .hit[data-article="w-1"]');
  assert.equal(await hit.count(), 1);
  const marked = await hit.locator('mark').allTextContents();
  assert.ok(marked.includes('سيُوقَّع'), `marked: ${marked}`);
  await shot(page, 'search');
  await page.close();
});

test('search "بوتن" finds both spellings through the knowledge base', async () => {
  const page = await open(`#/search?q=${encodeURIComponent('بوتن')}`);
  for (const id of ['w-1', 'w-2', 'w-3', 'w-4']) assert.equal(await page.locator(`#results .hit[data-article="${id}"]`).count(), 1, id);
  await page.close();
});

test('entity page lists spelling variants and stories', async () => {
  const page = await open('#/entity/Vladimir_Putin');
  const variants = await page.locator('#variants td.article-text').allTextContents();
  assert.ok(variants.some((v) => v.includes('بوتن')), `variants: ${variants}`);
  assert.ok(variants.some((v) => v.includes('بوتين')), `variants: ${variants}`);
  assert.ok((await page.locator('.cards .card').count()) >= 1);
  await shot(page, 'entity');
  await page.close();
});

test('the English toggle switches the interface and back', async () => {
  const page = await open('#/');
  assert.equal((await page.locator('[data-nav=stories]').textContent()).trim(), 'القصص');
  await page.click('#lang-toggle');
  await page.waitForFunction(() => document.documentElement.lang === 'en' && document.body.dataset.ready);
  assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
  assert.equal((await page.locator('[data-nav=stories]').textContent()).trim(), 'Stories');
  assert.equal((await page.locator('#lang-toggle').textContent()).trim(), 'العربية');
  await page.waitForSelector('#story-list .card');
  await shot(page, 'stories-en');
  await page.click('#lang-toggle');
  await page.waitForFunction(() => document.documentElement.lang === 'ar');
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  await page.close();
});

test('the Monitoring page shows each watched source and its state', async () => {
  const page = await open('#/watch');
  const rows = page.locator('#watch-sources tbody tr');
  assert.equal(await rows.count(), 2);
  assert.equal(await page.locator('#watch-sources .badge.state-ok').count(), 1);
  assert.equal(await page.locator('#watch-sources .badge.state-failing').count(), 1);
  const failing = await page.locator('#watch-sources tr.disputed td.src').textContent();
  assert.ok(failing.includes('no-such-drop'), failing);
  assert.match(await page.locator('#watch-totals').textContent(), /[1١]/);  // Arabic-Indic digits in Arabic
  await shot(page, 'watch');
  await page.close();
});

test('narrow screens still work (responsive)', async () => {
  const id = await storyOf('w-1');
  const page = await open(`#/story/${encodeURIComponent(id)}`, { width: 390, height: 800 });
  await page.waitForSelector('#sources .source .article-text');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `horizontal overflow ${overflow}px`);
  await shot(page, 'story-mobile');
  await page.close();
});
