// What every case needs: Debian's Chromium through playwright-core, the stack's addresses, users of their own.
import { randomInt, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const GATEWAY = process.env.KILN_GATEWAY_SERVICE_URL || 'http://localhost:8080';
export const DESIGNER = `${GATEWAY}/designer/`;
export const KEYCLOAK = process.env.KILN_KEYCLOAK_URL || 'http://localhost:8180';
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

/** A new user of realm kiln with the role user (admin REST API, master admin/admin: local only). */
export async function createUser() {
  const admin = await tokenFor('master', 'admin-cli', 'admin', 'admin');
  const username = `designer-${randomUUID().slice(0, 8)}`;
  const password = randomUUID();
  const headers = { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' };
  const created = await fetch(`${KEYCLOAK}/admin/realms/kiln/users`, {
    method: 'POST', headers,
    body: JSON.stringify({ username, enabled: true, email: `${username}@kiln.test`, emailVerified: true,
      firstName: 'Designer', lastName: 'Test', credentials: [{ type: 'password', value: password, temporary: false }] }),
  });
  if (created.status !== 201) throw new Error(`Keycloak did not create a user: ${created.status} ${await created.text()}`);
  const id = created.headers.get('location').split('/').pop();
  const role = await (await fetch(`${KEYCLOAK}/admin/realms/kiln/roles/user`, { headers })).json();
  const mapped = await fetch(`${KEYCLOAK}/admin/realms/kiln/users/${id}/role-mappings/realm`, {
    method: 'POST', headers, body: JSON.stringify([role]),
  });
  if (mapped.status !== 204) throw new Error(`Keycloak did not give the role user: ${mapped.status}`);
  return { username, password };
}

async function tokenFor(realm, clientId, username, password) {
  const response = await fetch(`${KEYCLOAK}/realms/${realm}/protocol/openid-connect/token`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: clientId, username, password }),
  });
  if (!response.ok) throw new Error(`Keycloak at ${KEYCLOAK} refused ${username}: ${response.status} (is ./stack infra running?)`);
  return (await response.json()).access_token;
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
