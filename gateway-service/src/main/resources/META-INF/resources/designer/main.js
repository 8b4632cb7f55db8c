// The jersey designer: the form from GET /v1/tasks, a prediction followed live, the gallery and the balance.

import { Api, ApiError } from './api.js';
import { Auth } from './auth.js';
import { follow, isTerminal } from './follow.js';

const $ = (id) => document.getElementById(id);
const COLOUR = '^#[0-9A-Fa-f]{6}$';
const DEFAULT_COLOURS = { primary_color: '#1d4ed8', secondary_color: '#ffffff' };

let settings;
let auth;
let api;
let task;
let stopFollowing = () => {};
let current = null;

// --- messages ------------------------------------------------------------------------------------------------

function show(text, kind = 'error') {
  const box = $('message');
  box.textContent = text;
  box.className = `message ${kind}`;
  box.hidden = false;
}

function clearMessage() {
  $('message').hidden = true;
}

/** "45 s", "3 min 20 s", "2 h 5 min". */
export function duration(seconds) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h) return `${h} h${m ? ` ${m} min` : ''}`;
  if (m) return `${m} min${s ? ` ${s} s` : ''}`;
  return `${s} s`;
}

function explain(error) {
  if (!(error instanceof ApiError)) return error.message || String(error);
  const wait = error.retryAfterSeconds != null ? duration(error.retryAfterSeconds) : null;
  switch (error.type) {
    case 'quota-exhausted':
      return `You have used this device's free jerseys. Try again in ${wait ?? 'a while'}, or sign in to keep designing.`;
    case 'rate-limited':
      return `Too many jerseys at once. Try again in ${wait ?? 'a moment'}.`;
    case 'insufficient-credits':
      return `Not enough credits for this mode: ${error.message}`;
    case 'unauthenticated':
      return auth.signedIn ? 'Your session has ended: sign in again.' : `${error.message} Sign in to use it.`;
    case 'invalid-request':
      return 'Some fields need a look: see the notes under them.';
    case 'service-unavailable':
      return `Kiln is busy or partly down. Try again in ${wait ?? 'a moment'}.`;
    default:
      return error.message;
  }
}

function explainFailure(prediction) {
  // error is the message (Replicate's string), error_code Kiln's stable code beside it (docs/errors.md).
  const code = prediction.error_code;
  if (code === 'insufficient_credits') {
    return 'Not enough credits for this mode: nothing was charged. Pick a cheaper mode or get more credits.';
  }
  if (prediction.status === 'canceled') return 'Canceled: nothing was charged.';
  if (prediction.status === 'aborted') return `Stopped before it started (${prediction.error || 'its deadline passed'}): nothing was charged.`;
  return `The jersey could not be made: ${prediction.error || 'the model failed'}. Nothing was charged.`;
}

// --- the form ------------------------------------------------------------------------------------------------

function humanize(name) {
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function fieldFor(name, schema, required) {
  const wrapper = document.createElement('div');
  wrapper.className = 'field';
  wrapper.dataset.field = name;
  const label = document.createElement('label');
  label.htmlFor = `input-${name}`;
  label.textContent = humanize(name) + (required ? '' : ' (optional)');
  let input;
  if (schema.pattern === COLOUR) {
    input = document.createElement('input');
    input.type = 'color';
    input.value = DEFAULT_COLOURS[name] || '#000000';
    wrapper.classList.add('half');
  } else if (schema.enum) {
    input = document.createElement('select');
    if (!required) input.append(new Option('—', ''));
    schema.enum.forEach((value) => input.append(new Option(humanize(value), value)));
    wrapper.classList.add('half');
  } else if ((schema.maxLength ?? 0) > 100) {
    input = document.createElement('textarea');
    input.placeholder = 'Deep blue with thin white pinstripes, a golden kiln on the chest';
  } else {
    input = document.createElement('input');
    input.type = 'text';
    if (/^\^\[0-9\]/.test(schema.pattern || '')) input.inputMode = 'numeric';
    wrapper.classList.add('half');
  }
  input.id = `input-${name}`;
  input.name = name;
  input.dataset.testid = `input-${name}`;
  if (schema.maxLength) input.maxLength = schema.maxLength;
  if (required) input.required = true;
  wrapper.append(label, input);
  if (schema.description) {
    const hint = document.createElement('span');
    hint.className = 'hint';
    hint.textContent = schema.description;
    wrapper.append(hint);
  }
  const error = document.createElement('span');
  error.className = 'error';
  wrapper.append(error);
  return wrapper;
}

function renderForm() {
  const schema = task.input_schema;
  const required = new Set(schema.required || []);
  const fields = $('fields');
  fields.replaceChildren(...Object.entries(schema.properties).map(([name, property]) => fieldFor(name, property, required.has(name))));
  renderModes();
  $('submit').disabled = false;
}

function renderModes() {
  const chosen = document.querySelector('input[name=mode]:checked')?.value;
  const open = (mode) => auth.signedIn || settings.anonymous_modes.includes(mode.name);
  $('modes').replaceChildren(...task.modes.map((mode) => {
    const label = document.createElement('label');
    label.className = 'mode';
    label.dataset.testid = `mode-${mode.name}`;
    const radio = document.createElement('input');
    radio.type = 'radio';
    radio.name = 'mode';
    radio.value = mode.name;
    radio.disabled = !open(mode);
    const name = document.createElement('strong');
    name.textContent = mode.name;
    const cost = document.createElement('small');
    cost.textContent = `${mode.cost} credit${mode.cost === 1 ? '' : 's'} · about ${mode.estimated_seconds} s`;
    label.append(radio, name, cost);
    if (!open(mode)) {
      const note = document.createElement('small');
      note.textContent = 'Sign in to use';
      label.append(note);
    }
    return label;
  }));
  const keep = task.modes.find((mode) => mode.name === chosen && open(mode)) || task.modes.find(open);
  if (keep) document.querySelector(`input[name=mode][value="${keep.name}"]`).checked = true;
}

function readInput() {
  const input = {};
  for (const element of $('design').querySelectorAll('[name]:not([name=mode])')) {
    const value = element.type === 'color' ? element.value : element.value.trim();
    if (value !== '') input[element.name] = value;
  }
  return input;
}

function markInvalid(errors = []) {
  document.querySelectorAll('.field').forEach((field) => {
    field.classList.remove('invalid');
    field.querySelector('.error').textContent = '';
  });
  for (const { field, message, detail } of errors) {
    const name = String(field || '').replace(/^(\$\.)?input\./, '');
    const element = document.querySelector(`.field[data-field="${name}"]`);
    if (element) {
      element.classList.add('invalid');
      element.querySelector('.error').textContent = message || detail || 'is not valid';
    }
  }
}

async function submit(event) {
  event.preventDefault();
  clearMessage();
  markInvalid();
  const mode = document.querySelector('input[name=mode]:checked')?.value;
  $('submit').disabled = true;
  try {
    const prediction = await api.submit(task.name, mode, readInput());
    startFollowing(prediction);
    refreshBalance();
  } catch (error) {
    if (error instanceof ApiError && error.type === 'invalid-request') markInvalid(error.problem.errors);
    show(explain(error), error.status === 429 ? 'warning' : 'error');
  } finally {
    $('submit').disabled = false;
  }
}

// --- the current prediction ----------------------------------------------------------------------------------

function progressOf(prediction) {
  if (typeof prediction.progress === 'number') return prediction.progress;
  if (prediction.status === 'succeeded') return 1;
  if (prediction.status !== 'processing' || !prediction.started_at) return null;
  // Without a progress from the model's logs: the share of its estimate that has passed, never quite full.
  const elapsed = (Date.now() - Date.parse(prediction.started_at)) / 1000;
  return Math.min(0.95, elapsed / Math.max(1, prediction.estimated_seconds || 10));
}

// "2 ahead of you · ready in ~12 s", from the object's queue_position and eta (empty once it has ended).
function outlookOf(prediction) {
  if (isTerminal(prediction)) return '';
  const parts = [];
  if (typeof prediction.queue_position === 'number') {
    parts.push(prediction.queue_position === 0 ? 'next in line' : `${prediction.queue_position} ahead of you`);
  }
  if (prediction.eta) {
    const seconds = Math.round((Date.parse(prediction.eta) - Date.now()) / 1000);
    parts.push(seconds > 0 ? `ready in ~${seconds} s` : 'ready any moment');
  }
  return parts.join(' · ');
}

function render(prediction, channel) {
  current = prediction;
  $('current').hidden = false;
  const status = $('status');
  status.textContent = prediction.status;
  status.className = `status ${prediction.status}`;
  $('channel').textContent = isTerminal(prediction) ? ''
    : channel === 'stream' ? 'live' : channel === 'polling' ? 'checking now and then' : '';
  $('outlook').textContent = outlookOf(prediction);
  const progress = progressOf(prediction);
  // An unknown progress shows as an indeterminate bar; an ending other than success shows none.
  $('progress').hidden = isTerminal(prediction) && prediction.status !== 'succeeded';
  if (progress == null) $('progress').removeAttribute('value');
  else $('progress').value = progress;
  $('logs').hidden = !prediction.logs;
  $('logs').textContent = prediction.logs || '';
  $('logs').scrollTop = $('logs').scrollHeight;
  const image = prediction.output?.[0];
  $('result').hidden = !(prediction.status === 'succeeded' && image);
  if (prediction.status === 'succeeded' && image) {
    $('image').src = image;
    $('caption').textContent = `${prediction.mode} · ${prediction.input?.prompt || ''}`;
  }
  $('cancel').hidden = isTerminal(prediction);
}

function ended(prediction) {
  if (prediction.status !== 'succeeded') show(explainFailure(prediction), prediction.status === 'canceled' ? 'info' : 'error');
  refreshBalance();
  refreshGallery();
}

function startFollowing(prediction) {
  stopFollowing();
  render(prediction, null);
  if (isTerminal(prediction)) return;
  stopFollowing = follow(prediction, {
    api, auth,
    onUpdate: render,
    onEnd: ended,
    onGiveUp: () => show('Still not finished after 10 minutes. It keeps running: look for it in your gallery later.', 'warning'),
  });
}

async function cancel() {
  if (!current) return;
  $('cancel').disabled = true;
  try {
    const asked = current;
    const answer = await api.cancel(asked);
    // The stream may have shown the end before this answer came back (it is the state when the cancel was taken):
    // an answer about another prediction, or one after the end, must not show an older state over it.
    if (current.id !== asked.id || isTerminal(current)) return;
    render(answer, null);
    // Canceled before dispatch ends at once; after it, the provider's answer arrives on the stream or the poll.
    if (isTerminal(answer)) {
      stopFollowing();
      ended(answer);
    }
  } catch (error) {
    // Already finished: the next update shows how.
    if (!(error instanceof ApiError && error.type === 'already-terminal')) show(explain(error));
  } finally {
    $('cancel').disabled = false;
  }
}

// --- the account: balance and gallery ------------------------------------------------------------------------

async function refreshBalance() {
  if (!auth.signedIn || !settings.credits_url) return;
  try {
    const balance = await api.balance();
    $('balance').textContent = `${balance.available} credits`;
    $('balance').dataset.available = balance.available;
    $('balance').hidden = false;
  } catch {
    $('balance').hidden = true;
  }
}

function galleryItem(prediction) {
  const item = document.createElement('li');
  item.dataset.id = prediction.id;
  item.dataset.status = prediction.status;
  const image = prediction.status === 'succeeded' && prediction.output?.[0];
  if (image) {
    const img = document.createElement('img');
    img.src = image;
    img.alt = prediction.input?.prompt || 'A jersey';
    img.loading = 'lazy';
    item.append(img);
  } else {
    const placeholder = document.createElement('div');
    placeholder.className = 'placeholder';
    placeholder.textContent = prediction.status;
    item.append(placeholder);
  }
  const caption = document.createElement('p');
  caption.textContent = `${prediction.mode} · ${prediction.input?.prompt || ''}`;
  caption.title = caption.textContent;
  item.append(caption);
  item.addEventListener('click', () => startFollowing(prediction));
  return item;
}

let nextPage = null;

async function refreshGallery(append = false) {
  if (!auth.signedIn) return;
  try {
    const page = await api.gallery(append ? nextPage : null);
    nextPage = page.next;
    const items = page.results.map(galleryItem);
    if (append) $('gallery').append(...items);
    else $('gallery').replaceChildren(...items);
    $('gallery-panel').hidden = false;
    $('more').hidden = !nextPage;
  } catch (error) {
    show(`Your gallery could not be read: ${explain(error)}`);
  }
}

// --- start ---------------------------------------------------------------------------------------------------

async function start() {
  settings = await (await fetch('settings.json')).json();
  auth = new Auth({ oidcIssuer: settings.oidc_issuer, clientId: settings.client_id });
  api = new Api(auth, settings.credits_url);
  $('sign-in').addEventListener('click', () => auth.signIn().catch((error) => show(error.message)));
  $('sign-out').addEventListener('click', () => auth.signOut());
  $('design').addEventListener('submit', submit);
  $('cancel').addEventListener('click', cancel);
  $('more').addEventListener('click', () => refreshGallery(true));
  try {
    await auth.completeSignIn();
  } catch (error) {
    show(error.message);
  }
  if (auth.signedIn && !(await auth.accessToken())) show('Your session has ended: sign in again.', 'info');
  $('who').textContent = auth.signedIn ? auth.username : 'Anonymous';
  $('sign-in').hidden = auth.signedIn;
  $('sign-out').hidden = !auth.signedIn;
  try {
    const catalog = await api.tasks();
    task = catalog.tasks.find((candidate) => candidate.name === 'jersey') || catalog.tasks[0];
    renderForm();
  } catch (error) {
    show(`The designer cannot load: ${explain(error)}`);
  }
  refreshBalance();
  refreshGallery();
  document.body.dataset.ready = 'true';
}

start().catch((error) => show(`The designer cannot load: ${error.message}`));
