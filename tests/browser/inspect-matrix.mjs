// Opens a filled kill-matrix page (tools/mutator/assets/kill-matrix.html) in headless Chromium and prints the facts
// the C++ test asserts on: errors, external requests, title, score, cells, the row/column orders under every sort
// option and the "what only this test catches" list. No assertions here.
// Usage: node tests/browser/inspect-matrix.mjs PAGE.html
import { openPage, report } from './browser.mjs';

const TEST_SORTS = ['name', 'kills', 'unique'];
const MUTANT_SORTS = ['location', 'status', 'killers'];

const htmlPath = process.argv[2];
if (!htmlPath) {
  process.stderr.write('usage: node tests/browser/inspect-matrix.mjs PAGE.html\n');
  process.exit(2);
}

await report(async () => {
  const { browser, page, errors, requests } = await openPage(htmlPath);
  try {
    const title = await page.title();
    const scoreText = (await page.textContent('#score')) ?? '';
    const files = await page.$$eval('section.file', (sections) => sections.map((s) => s.getAttribute('data-file')));
    // Cells as first rendered (default orders).
    const cells = await page.$$eval('td[data-state]', (tds) => tds.map((td) => ({
      file: td.closest('section.file')?.getAttribute('data-file') ?? null,
      test: td.getAttribute('data-test'),
      mutant: td.getAttribute('data-mutant'),
      state: td.getAttribute('data-state'),
    })));

    // Attribute values of the first file section's rows or column headers (none when there is no section).
    const inFirstFile = (selector, attribute) => page.evaluate(([sel, attr]) => {
      const section = document.querySelector('section.file');
      return section ? [...section.querySelectorAll(sel)].map((node) => node.getAttribute(attr)) : [];
    }, [selector, attribute]);
    const firstRows = () => inFirstFile('tr[data-test-row]', 'data-test-row');
    const firstColumns = () => inFirstFile('th[data-mutant-col]', 'data-mutant-col');

    const testOrder = {};
    for (const option of TEST_SORTS) {
      await page.selectOption('#sort-tests', option);
      testOrder[option] = await firstRows();
    }
    await page.selectOption('#sort-tests', 'name');
    const mutantOrder = {};
    for (const option of MUTANT_SORTS) {
      await page.selectOption('#sort-mutants', option);
      mutantOrder[option] = await firstColumns();
    }
    await page.selectOption('#sort-mutants', 'location');

    const uniqueKills = await page.$$eval('#unique-kills li[data-test]', (items) => Object.fromEntries(items.map((li) => [
      li.getAttribute('data-test'),
      [...li.querySelectorAll('li[data-mutant]')].map((m) => m.getAttribute('data-mutant')),
    ])));

    return { consoleErrors: errors, externalRequests: requests, title, scoreText, files, cells, testOrder, mutantOrder, uniqueKills };
  } finally {
    await browser.close();
  }
});
