// What every browser case needs: Debian's Chromium through playwright-core, the stack's addresses, users of their own.
import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { GATEWAY } from './kiln.js';

export { createUser, GATEWAY, KEYCLOAK } from './kiln.js';
export const DESIGNER = `${GATEWAY}/designer/`;
export const SCREENSHOTS = new URL('../target/screenshots/', import.meta.url);
const CHROMIUM = process.env.KILN_CHROMIUM || '/usr/bin/chromium';

/** Headless Chromium as Debian ships it: Playwright never downloads a browser here. */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
      '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A page of a context of its own, seen by the gateway as a client address of its own: the local profile believes
 * X-Forwarded-For from 127.0.0.1, so each test has its own anonymous quota. The header goes to the gateway only
 * (Keycloak's CORS would refuse a token call that carries it).
 */
export async function designerPage(browser, { phone = false } = {}) {
  const context = await browser.newContext(phone
    ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
    : { viewport: { width: 1280, height: 900 } });
  const address = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  const gateway = new URL(GATEWAY).origin;
  await context.route((url) => url.origin === gateway, (route) =>
    route.continue({ headers: { ...route.request().headers(), 'x-forwarded-for': address } }));
  const page = await context.newPage();
  await page.goto(DESIGNER);
  await page.waitForSelector('body[data-ready=true]');
  return page;
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });
}

/** The text of an element, once the predicate holds for it (polled by the browser, no sleeps). */
export async function waitForText(page, selector, predicate, timeout = 60_000) {
  const handle = await page.waitForFunction(([sel, source]) => {
    const element = document.querySelector(sel);
    // eslint-disable-next-line no-new-func
    return element && !element.hidden && new Function('text', `return (${source})(text)`)(element.textContent) && element.textContent;
  }, [selector, predicate.toString()], { timeout });
  return handle.jsonValue();
}

/** Fills the prompt and picks a mode. */
export async function design(page, prompt, mode = 'speed') {
  await page.fill('[data-testid=input-prompt]', prompt);
  // The radio itself is hidden behind its card: a person taps the card.
  await page.click(`[data-testid=mode-${mode}]`);
  if (!(await page.isChecked(`[data-testid=mode-${mode}] input`))) throw new Error(`mode ${mode} could not be chosen`);
}

/** Submits and answers the prediction object of the 202 (or the refusal's status). */
export async function submit(page) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/v1/predictions') && r.request().method() === 'POST'),
    page.click('[data-testid=submit]'),
  ]);
  return { status: response.status(), body: await response.json() };
}
