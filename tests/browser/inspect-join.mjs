// Opens a `curator report -f html` page in headless Chromium and prints what a person sees: errors, external
// requests, the score line, the warnings, and per heatmap row its test, its decision badge and the filled cells
// with their computed colour. No assertions here.
// Usage: node tests/browser/inspect-join.mjs PAGE.html
import { openPage, report } from './browser.mjs';

const htmlPath = process.argv[2];
if (!htmlPath) {
  process.stderr.write('usage: node tests/browser/inspect-join.mjs PAGE.html\n');
  process.exit(2);
}

await report(async () => {
  const { browser, page, errors, requests } = await openPage(htmlPath);
  try {
    const score = (await page.textContent('#score')) ?? '';
    const warnings = await page.$$eval('#warnings li', (items) => items.map((li) => li.getAttribute('data-kind')));
    const columns = await page.$$eval('#heatmap thead th.m', (ths) => ths.map((th) => th.textContent));
    const rows = await page.$$eval('#heatmap tbody tr', (trs) => trs.map((tr) => ({
      test: tr.getAttribute('data-test'),
      badge: tr.querySelector('.badge')?.textContent ?? null,
      visible: tr.getBoundingClientRect().height > 0,
      filled: [...tr.querySelectorAll('td.c')].map((td, index) => ({ index, td }))
        .filter(({ td }) => td.classList.length > 1)
        .map(({ index, td }) => ({ column: index, colour: getComputedStyle(td).backgroundColor, star: td.textContent })),
    })));
    return { errors, requests, score, warnings, columns, rows };
  } finally {
    await browser.close();
  }
});
