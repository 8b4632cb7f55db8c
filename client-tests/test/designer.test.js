// The jersey designer page end to end, in headless Chromium, against a running stack (./stack test, stage client-tests).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createUser, design, designerPage, launch, screenshot, submit, waitForText } from '../lib/stack.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// A speed jersey takes ~5 s; the bound is for a machine busy with other stages and helpers.
const FINISHED = 180_000;

test('an anonymous caller submits, watches it progress and sees the image', async () => {
  const page = await designerPage(browser, { phone: true });
  await design(page, 'Deep blue with thin white pinstripes and a golden kiln on the chest');
  await page.fill('[data-testid=input-team_name]', 'Kiln FC');
  await page.fill('[data-testid=input-number]', '10');
  const submitted = await submit(page);
  assert.equal(submitted.status, 202);
  assert.equal(submitted.body.mode, 'speed');
  const first = await waitForText(page, '[data-testid=status]', (t) => t.length > 0);
  assert.match(first, /starting|processing/, 'the page shows the prediction before it ends');
  await waitForText(page, '[data-testid=status]', (t) => t === 'succeeded', FINISHED);
  const image = await page.waitForSelector('[data-testid=image]', { state: 'visible' });
  await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, image);
  assert.equal(await image.getAttribute('src'), (await (await page.request.get(submitted.body.urls.get)).json()).output[0]);
  assert.equal(await page.getAttribute('[data-testid=progress]', 'value'), '1');
  assert.equal(await page.isVisible('[data-testid=cancel]'), false);
  await screenshot(page, 'anonymous-succeeded-phone');
  await page.context().close();
});

test('a signed-in user submits in quality mode, finds it in the gallery and pays for it', async () => {
  const user = await createUser();
  const page = await designerPage(browser);
  assert.equal(await page.isDisabled('[data-testid=mode-quality] input'), true, 'quality needs a sign-in');
  await page.click('[data-testid=sign-in]');
  await page.waitForSelector('#username');
  await page.fill('#username', user.username);
  await page.fill('#password', user.password);
  await page.click('#kc-login');
  await page.waitForSelector('body[data-ready=true]');
  assert.equal(await waitForText(page, '[data-testid=who]', (t) => t !== 'Anonymous'), user.username);
  const before = Number(await waitForText(page, '[data-testid=balance]', (t) => /credits/.test(t)).then((t) => parseInt(t, 10)));

  await design(page, 'Retro red and white hoops with a wide collar', 'quality');
  await page.fill('[data-testid=input-team_name]', 'Kiln United');
  await page.fill('[data-testid=input-number]', '7');
  await page.fill('[data-testid=input-primary_color]', '#c8102e');
  await page.selectOption('[data-testid=input-style]', 'retro');
  const submitted = await submit(page);
  assert.equal(submitted.status, 202);
  assert.equal(submitted.body.mode, 'quality');
  assert.deepEqual(submitted.body.input, { prompt: 'Retro red and white hoops with a wide collar', team_name: 'Kiln United',
    number: '7', primary_color: '#c8102e', secondary_color: '#ffffff', style: 'retro' }, 'the colour pickers and choices reach the input');
  await waitForText(page, '[data-testid=status]', (t) => t === 'succeeded', FINISHED);
  await page.waitForSelector(`[data-testid=gallery] li[data-id="${submitted.body.id}"][data-status=succeeded] img`);
  const after = await waitForText(page, '[data-testid=balance]', (t) => /credits/.test(t));
  assert.equal(parseInt(after, 10), before - 2, `quality costs 2 credits: ${before} before, ${after} after`);
  await screenshot(page, 'signed-in-gallery');
  await page.context().close();
});

test('a running prediction can be canceled', async () => {
  const page = await designerPage(browser);
  await design(page, 'Minimal black with a single orange stripe');
  const submitted = await submit(page);
  assert.equal(submitted.status, 202);
  await page.click('[data-testid=cancel]');
  await waitForText(page, '[data-testid=status]', (t) => t === 'canceled', FINISHED);
  assert.match(await waitForText(page, '[data-testid=message]', (t) => t.length > 0), /Canceled: nothing was charged/);
  assert.equal(await page.isVisible('[data-testid=image]'), false);
  await screenshot(page, 'canceled');
  await page.context().close();
});

test('a caller past its limit is told how long to wait', async () => {
  const page = await designerPage(browser);
  await design(page, 'Green and gold quarters');
  // An anonymous address may submit 3 times a day (kiln.gateway.limits.anonymous-quota): the fourth is refused.
  for (let i = 0; i < 3; i++) assert.equal((await submit(page)).status, 202);
  const refused = await submit(page);
  assert.equal(refused.status, 429);
  assert.equal(refused.body.type, 'https://kiln.dev/problems/quota-exhausted');
  const message = await waitForText(page, '[data-testid=message]', (t) => /Try again in/.test(t));
  assert.match(message, /free jerseys\. Try again in \d+ h( \d+ min)?/);
  await screenshot(page, 'quota-exhausted');
  await page.context().close();
});
