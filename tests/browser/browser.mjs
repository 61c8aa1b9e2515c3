// Opens a local HTML file in Debian's headless Chromium through playwright-core, collecting every console
// error and uncaught page error. The flags keep Chromium off the network (the pages must work offline).
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = process.env.MLAB_CHROMIUM || '/usr/bin/chromium';

export async function openPage(htmlPath) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const errors = [];
  const requests = [];
  const page = await browser.newPage();
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('request', (request) => { if (!request.url().startsWith('file:') && !request.url().startsWith('data:')) requests.push(request.url()); });
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
  return { browser, page, errors, requests };
}

// Prints the facts as one JSON object on stdout; any failure to gather them is exit code 1 with the reason.
export async function report(gather) {
  try {
    const facts = await gather();
    process.stdout.write(JSON.stringify(facts, null, 2) + '\n');
  } catch (error) {
    process.stderr.write(`browser check failed: ${error.stack || error}\n`);
    process.exit(1);
  }
}
