// Facts about a mutator HTML report (the mutation-testing-elements viewer) as a person sees it in Chromium:
// console errors, network requests, the "All files" row of the metrics table, and, after clicking through
// the table to FILE, the status filters and the mutant markers shown in that file.
//   node tests/browser/inspect-elements.mjs REPORT.html FILE
// Prints one JSON object; the C++ test asserts on it.
import { openPage, report } from './browser.mjs';

const [htmlPath, filePath] = process.argv.slice(2);
if (!htmlPath || !filePath) {
  process.stderr.write('usage: inspect-elements.mjs REPORT.html FILE\n');
  process.exit(2);
}

await report(async () => {
  const { browser, page, errors, requests } = await openPage(htmlPath);
  try {
    const title = await page.title();
    const allFiles = page.locator('mte-metrics-table tr', { hasText: 'All files' }).first();
    await allFiles.waitFor({ timeout: 15000 });
    const allFilesRow = (await allFiles.locator('td').allInnerTexts()).map((text) => text.trim());

    // Click through the directory rows the way a reader would: a link names one folder (or a chain of
    // folders with one child each) or the file itself. The viewer leaves out the folders all files share,
    // so the first link may name only the end of the path.
    let remaining = filePath;
    const clicked = [];
    while (remaining.length > 0) {
      const names = (await page.locator('mte-metrics-table td a').allInnerTexts()).map((t) => t.trim());
      let next = names.find((name) => remaining === name || remaining.startsWith(name + '/'));
      if (!next && clicked.length === 0) {
        const shared = names.find((name) => remaining.endsWith('/' + name) || remaining.includes('/' + name + '/'));
        if (shared) remaining = remaining.slice(remaining.indexOf('/' + shared) + 1);
        next = shared;
      }
      if (!next) throw new Error(`no link toward ${remaining} among: ${names.join(', ')}`);
      await page.locator('mte-metrics-table td a', { hasText: next }).first().click();
      clicked.push(next);
      remaining = remaining === next ? '' : remaining.slice(next.length + 1);
    }
    await page.locator('mte-file').waitFor({ timeout: 15000 });
    const filters = await page.locator('mte-state-filter [data-status]').evaluateAll((nodes) =>
      nodes.map((node) => ({
        status: node.getAttribute('data-status'),
        label: node.querySelector('label').textContent.replace(/\s+/g, ' ').trim(),
        checked: node.querySelector('input').checked,
      })));
    const shownMutants = await page.locator('mte-file svg.mutant-dot').evaluateAll((nodes) =>
      nodes.filter((node) => node.getBoundingClientRect().width > 0).map((node) => ({
        id: node.getAttribute('data-mutant-id'),
        status: ['Killed', 'Survived', 'NoCoverage', 'Timeout', 'CompileError', 'RuntimeError', 'Ignored', 'Pending']
          .find((status) => node.classList.contains(status)) || '',
        title: node.querySelector('title')?.textContent.trim() || '',
      })));
    return { consoleErrors: errors, externalRequests: requests, title, allFilesRow, clicked,
             hash: await page.evaluate(() => location.hash), filters, shownMutants };
  } finally {
    await browser.close();
  }
});
