// Replicate's official JavaScript client (replicate from the npm registry, pinned in package.json), unchanged,
// pointed at the gateway's /v1 with a Kiln API token, against a running stack (./stack test, stage client-tests).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import Replicate, { validateWebhook } from 'replicate';
import { GATEWAY, apiTokenOfNewUser } from '../lib/kiln.js';

// A speed jersey takes ~5 s, quality ~8 s, scene ~15 s; the bounds are for a machine busy with other stages.
const FINISHED = 180_000;
const INPUT = { prompt: 'Deep green with a white sash', team_name: 'Kiln Rovers', number: '9' };
const TERMINAL = ['succeeded', 'failed', 'canceled', 'aborted'];

let replicate;
let token;
before(async () => {
  ({ token } = await apiTokenOfNewUser('replicate'));
  // useFileOutput: false, so that run() answers the output's URLs as strings (it wraps only https: URLs anyway).
  replicate = new Replicate({ auth: token, baseUrl: `${GATEWAY}/v1`, useFileOutput: false });
});

/** Polls until the predicate holds for the value, as the client's own wait() does (every 500 ms). */
async function until(read, predicate, timeout = FINISHED) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (predicate(value)) return value;
    if (Date.now() > end) throw new Error(`not reached within ${timeout} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => { setTimeout(resolve, 500); });
  }
}

async function isPng(url) {
  const response = await fetch(url);
  assert.equal(response.status, 200, `${url} answers`);
  assert.equal(response.headers.get('content-type'), 'image/png');
  const bytes = new Uint8Array(await response.arrayBuffer());
  assert.deepEqual([...bytes.slice(1, 4)], [0x50, 0x4e, 0x47], `${url} is a PNG`);
}

test('run("kiln/jersey-speed") reaches succeeded and answers the output URL', { timeout: FINISHED }, async () => {
  const seen = [];
  const output = await replicate.run('kiln/jersey-speed', { input: INPUT }, (prediction) => seen.push(prediction));
  assert.ok(Array.isArray(output) && output.length === 1, `the output is a list of one image: ${JSON.stringify(output)}`);
  assert.match(output[0], /^https?:\/\/.+\/0\.png$/);
  await isPng(output[0]);
  const last = seen.at(-1);
  assert.equal(last.status, 'succeeded');
  assert.equal(last.model, 'kiln/jersey-speed');
  assert.match(last.version, /^[0-9a-f]{64}$/);
  assert.equal(last.error, null);
  assert.ok(last.metrics.predict_time > 0 && last.metrics.total_time >= last.metrics.predict_time,
    `metrics in seconds: ${JSON.stringify(last.metrics)}`);
});

test('predictions.create with wait holds the create until it has ended (Prefer: wait)', { timeout: FINISHED }, async () => {
  const prediction = await replicate.predictions.create({ model: 'kiln/jersey-speed', input: INPUT, wait: 60 });
  assert.equal(prediction.status, 'succeeded', `ended within the wait: ${prediction.status}`);
  assert.equal(prediction.output.length, 1);
  assert.equal(prediction.data_removed, false);
  assert.equal(prediction.source, 'api');
  assert.equal(prediction.urls.get, `${GATEWAY}/v1/predictions/${prediction.id}`);
});

test('a create by the version of models.get, then wait(), then get and list', { timeout: FINISHED }, async () => {
  const model = await replicate.models.get('kiln', 'jersey-speed');
  assert.equal(model.owner, 'kiln');
  assert.equal(model.name, 'jersey-speed');
  const created = await replicate.predictions.create({ version: model.latest_version.id, input: INPUT });
  assert.ok(['starting', 'processing'].includes(created.status), `answered at once: ${created.status}`);
  assert.equal(created.version, model.latest_version.id);

  const ended = await replicate.wait(created, { interval: 500 });
  assert.equal(ended.status, 'succeeded');
  await isPng(ended.output[0]);

  const read = await replicate.predictions.get(created.id);
  assert.equal(read.id, created.id);
  assert.deepEqual(read.output, ended.output);
  // The list is the caller's own, newest first; it pages as the client follows it (next).
  const listed = await until(() => replicate.predictions.list(), (page) => page.results.some((p) => p.id === created.id), 15_000);
  assert.ok(listed.results.every((p) => p.model?.startsWith('kiln/jersey-')));
  assert.ok('next' in listed && 'previous' in listed);
  const pages = [];
  for await (const page of replicate.paginate(replicate.predictions.list)) pages.push(...page);
  assert.ok(pages.some((p) => p.id === created.id), 'paginate finds it');
});

test('predictions.cancel of a quality jersey ends it canceled', { timeout: FINISHED }, async () => {
  const created = await replicate.predictions.create({ model: 'kiln/jersey-quality', input: INPUT });
  const answered = await replicate.predictions.cancel(created.id);
  assert.equal(answered.id, created.id);
  const ended = await replicate.wait(answered);
  assert.equal(ended.status, 'canceled');
  assert.equal(ended.output, null);
  assert.equal(ended.error, null);
});

test('a failed prediction\'s error is the message, a string, with Kiln\'s code beside it', { timeout: FINISHED }, async () => {
  // A new user's welcome credits (10) pay for two scene jerseys (4 each): of three, one is refused by credits.
  const { token: poor } = await apiTokenOfNewUser('replicate-poor');
  const client = new Replicate({ auth: poor, baseUrl: `${GATEWAY}/v1`, useFileOutput: false });
  const created = [];
  for (let i = 0; i < 3; i++) created.push(await client.predictions.create({ model: 'kiln/jersey-scene', input: INPUT }));
  const failed = await until(
    async () => Promise.all(created.map((p) => client.predictions.get(p.id))),
    (now) => now.some((p) => p.status === 'failed'),
  ).then((now) => now.find((p) => p.status === 'failed'));
  await Promise.all(created.filter((p) => p.id !== failed.id).map((p) => client.predictions.cancel(p.id).catch(() => {})));

  assert.equal(typeof failed.error, 'string');
  assert.match(failed.error, /credits/);
  assert.equal(failed.error_code, 'insufficient_credits');
  // What the client itself says of it, polling: wait() throws with the error as it is, not "[object Object]". (Handed
  // an object that has already ended, wait() answers it without a look; so it is handed the id as still starting.)
  await assert.rejects(client.wait({ id: failed.id, status: 'starting' }),
    (error) => error.message === `Prediction failed: ${failed.error}`);
  for (const p of created) {
    const ended = await until(() => client.predictions.get(p.id), (now) => TERMINAL.includes(now.status));
    assert.ok(TERMINAL.includes(ended.status));
  }
});

// A receiver of client webhooks on this machine (the local profile lets the gateway post to loopback over http): it
// keeps every delivery as it came, headers and raw body, and answers the first one 500 to see it retried.
const deliveries = [];
let receiver;
let answered = 0;
before(async () => {
  receiver = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      deliveries.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(answered++ === 0 ? 500 : 204).end();
    });
  });
  await new Promise((resolve) => { receiver.listen(0, '127.0.0.1', resolve); });
});
after(() => receiver?.close());

test('a webhook with a filter: every delivery passes validateWebhook with the secret of webhooks.default.secret.get', { timeout: FINISHED }, async () => {
  const { key } = await replicate.webhooks.default.secret.get();
  assert.match(key, /^whsec_/);
  const created = await replicate.predictions.create({
    model: 'kiln/jersey-speed', input: INPUT,
    webhook: `http://127.0.0.1:${receiver.address().port}/hooks/kiln`, webhook_events_filter: ['start', 'completed'],
  });
  const mine = () => deliveries.filter((d) => JSON.parse(d.body).id === created.id);
  // The first delivery was answered 500: the same message comes again (5 s later, the schedule's second step).
  const retried = (now) => now.length > 0 && now.filter((d) => d.headers['webhook-id'] === now[0].headers['webhook-id']).length >= 2;
  await until(async () => mine(), (now) => retried(now) && now.some((d) => JSON.parse(d.body).status === 'succeeded'));

  for (const delivery of mine()) {
    assert.equal(await validateWebhook({ headers: delivery.headers, body: delivery.body }, key), true,
      `delivery ${delivery.headers['webhook-id']} is signed with the caller's secret`);
    const tampered = delivery.body.replace(created.id, 'someone-elses-prediction');
    assert.equal(await validateWebhook({ headers: delivery.headers, body: tampered }, key), false, 'a changed body fails');
  }
  const statuses = [...new Set(mine().map((d) => JSON.parse(d.body).status))].sort();
  assert.deepEqual(statuses, ['processing', 'succeeded'], 'start and completed only: no output or logs events');
  const completed = JSON.parse(mine().find((d) => JSON.parse(d.body).status === 'succeeded').body);
  assert.deepEqual(completed.output, (await replicate.predictions.get(created.id)).output, 'the completed body is the prediction');
});
