// Follows a prediction to its end: over its SSE stream (urls.stream) when it has one, else, or when the stream
// fails, by polling with backoff (1 s, 2 s, 5 s, then every 10 s) for at most 10 minutes.

import { sameOrigin } from './api.js';

const TERMINAL = new Set(['succeeded', 'failed', 'canceled', 'aborted']);
const POLL_DELAYS_MS = [1000, 2000, 5000, 10000];
const POLL_FOR_MS = 10 * 60 * 1000;

export const isTerminal = (prediction) => TERMINAL.has(prediction.status);

/**
 * Calls onUpdate(prediction, channel) with each new state (channel: 'stream' or 'polling') and onEnd(prediction)
 * once it is terminal, or onGiveUp() after 10 minutes of polling. Returns a function that stops following.
 */
export function follow(prediction, { api, auth, onUpdate, onEnd, onGiveUp }) {
  let stopped = false;
  let closeStream = () => {};
  let timer = null;

  const stop = () => {
    stopped = true;
    closeStream();
    clearTimeout(timer);
  };
  const seen = (next, channel) => {
    if (stopped) return;
    onUpdate(next, channel);
    if (isTerminal(next)) {
      stop();
      onEnd(next);
    }
  };

  const poll = () => {
    if (stopped) return;
    const started = Date.now();
    let attempt = 0;
    const tick = async () => {
      if (stopped) return;
      try {
        seen(await api.prediction(prediction.id), 'polling');
      } catch {
        // A failed poll is tried again at the next step; the deadline below still ends it.
      }
      if (stopped) return;
      const delay = POLL_DELAYS_MS[Math.min(attempt++, POLL_DELAYS_MS.length - 1)];
      if (Date.now() + delay - started > POLL_FOR_MS) {
        stop();
        onGiveUp();
        return;
      }
      timer = setTimeout(tick, delay);
    };
    timer = setTimeout(tick, POLL_DELAYS_MS[attempt++]);
  };

  const streamUrl = prediction.urls?.stream;
  if (!streamUrl) {
    poll();
  } else {
    auth.accessToken().then((token) => {
      if (stopped) return;
      // EventSource cannot send an Authorization header: a signed-in user's stream is read with fetch instead.
      closeStream = token
        ? fetchStream(sameOrigin(streamUrl), token, (next) => seen(next, 'stream'), () => !stopped && poll())
        : eventSource(sameOrigin(streamUrl), (next) => seen(next, 'stream'), () => !stopped && poll());
    });
  }
  return stop;
}

const EVENTS = ['status', 'progress', 'done'];

function eventSource(url, onPrediction, onFailure) {
  const source = new EventSource(url);
  const read = (event) => {
    try {
      onPrediction(JSON.parse(event.data));
    } catch {
      // Not a prediction object: nothing to show.
    }
  };
  EVENTS.forEach((name) => source.addEventListener(name, read));
  source.onmessage = read;
  // The browser would reconnect by itself; a failing stream is replaced by polling, which cannot lose the end.
  source.onerror = () => {
    source.close();
    onFailure();
  };
  return () => source.close();
}

/** Server-Sent Events read with fetch (text/event-stream, WHATWG HTML §9.2), so that a bearer token can go along. */
function fetchStream(url, token, onPrediction, onFailure) {
  const controller = new AbortController();
  (async () => {
    const response = await fetch(url, {
      headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` }, signal: controller.signal,
    });
    if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let data = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop();
      for (const line of lines) {
        if (line === '') {
          if (data.length) {
            try {
              onPrediction(JSON.parse(data.join('\n')));
            } catch {
              // Not a prediction object: nothing to show.
            }
          }
          data = [];
        } else if (line.startsWith('data:')) {
          data.push(line.slice(5).replace(/^ /, ''));
        }
      }
    }
    // The server closes the stream after the terminal event; closed before it, polling takes over.
    throw new Error('stream closed');
  })().catch(() => {
    if (!controller.signal.aborted) onFailure();
  });
  return () => controller.abort();
}
