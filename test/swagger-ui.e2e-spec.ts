import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { UpstreamSimulator } from './simulator/upstream-simulator.js';
import { CLIENT_KEY, simulatorEnv, startGateway, type RunningGateway } from './support/gateway-harness.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Swagger UI in a real headless Chromium: the page renders both operations, and "Authorize" + "Try it out" reaches the API.
describe('Swagger UI in headless Chromium', () => {
  let upstream: UpstreamSimulator;
  let gateway: RunningGateway;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: .ci/run installs the Debian package 'chromium'`);
    upstream = await UpstreamSimulator.start();
    gateway = await startGateway(simulatorEnv(upstream.url));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await upstream?.stop();
  });

  it('renders the operations and calls GET /v1/models after Authorize', async () => {
    const page = await browser.newPage();
    // The content security policy must not block anything Swagger UI loads or runs.
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    const docs = await page.goto(`${gateway.url}/docs`);
    const headers = docs!.headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    await page.getByText('/v1/complete', { exact: true }).waitFor({ timeout: 20_000 });
    await expect(page.getByText('/v1/models', { exact: true }).count()).resolves.toBeGreaterThan(0);

    await page.getByRole('button', { name: /Authorize/ }).first().click();
    await page.locator('.modal-ux input[type=text], .modal-ux input[type=password]').first().fill(CLIENT_KEY);
    // The first form is the client key's scheme (the admin API has its own, second).
    await page.locator('.modal-ux button.modal-btn.authorize').first().click();
    await page.locator('.modal-ux button.btn-done').first().click();

    await page.locator('#operations-models-listModels').click();
    await page.locator('#operations-models-listModels').getByRole('button', { name: 'Try it out' }).click();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/v1/models')),
      page.locator('#operations-models-listModels').getByRole('button', { name: 'Execute' }).click(),
    ]);
    expect(response.status()).toBe(200);
    expect(response.request().headers().authorization).toBe(`Bearer ${CLIENT_KEY}`);
    expect((await response.allHeaders())['x-frame-options']).toBe('DENY');
    await page.locator('#operations-models-listModels .live-responses-table').getByText('"gpt-4o"').first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(tmpdir(), 'gw-swagger-ui.png'), fullPage: true });
    expect(violations).toEqual([]);
  }, 60_000);

  it('refuses to show /docs inside a frame (clickjacking of the Authorize box)', async () => {
    const page = await browser.newPage();
    // A page of another origin (about:blank's opaque origin) framing the docs.
    await page.setContent(`<iframe id="docs" src="${gateway.url}/docs"></iframe>`);
    await page.waitForTimeout(1500);
    const framed = page.frames().find((frame) => frame.url().includes('/docs'));
    const rendered = framed ? await framed.locator('#swagger-ui').count().catch(() => 0) : 0;
    expect(rendered).toBe(0);
    await page.close();
  }, 30_000);
});
