// The gateway's public API (same origin as this page) and the caller's balance at credits-service.

const PROBLEMS = 'https://kiln.dev/problems/';

/** An answer that is not 2xx: its status, its problem details (docs/errors.md) and, for a 429, the wait. */
export class ApiError extends Error {
  constructor(status, problem, retryAfterSeconds) {
    super(problem.detail || problem.title || `The server answered ${status}.`);
    this.status = status;
    this.problem = problem;
    this.type = (problem.type || '').replace(PROBLEMS, '');
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Retry-After is seconds or an HTTP date (RFC 9110); null when absent or unreadable. */
export function retryAfterSeconds(header) {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** A URL the API gave, made same-origin: the gateway's public URL may name another host than the one we reached. */
export function sameOrigin(url) {
  const parsed = new URL(url, location.href);
  return parsed.origin === location.origin ? parsed.href : parsed.pathname + parsed.search;
}

export class Api {
  constructor(auth, creditsUrl) {
    this.auth = auth;
    this.creditsUrl = creditsUrl;
  }

  tasks() {
    return this.#call('/v1/tasks');
  }

  submit(task, mode, input) {
    return this.#call('/v1/predictions', {
      method: 'POST', body: JSON.stringify({ task, mode, input }), headers: { 'Content-Type': 'application/json' },
    });
  }

  prediction(id) {
    return this.#call(`/v1/predictions/${encodeURIComponent(id)}`);
  }

  cancel(prediction) {
    return this.#call(sameOrigin(prediction.urls.cancel), { method: 'POST' });
  }

  gallery(next) {
    return this.#call(next ? sameOrigin(next) : '/v1/predictions?limit=12');
  }

  balance() {
    return this.#call(`${this.creditsUrl}/v1/credits/balance`);
  }

  async #call(url, init = {}) {
    const token = await this.auth.accessToken();
    const headers = { Accept: 'application/json', ...init.headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) };
    let response;
    try {
      response = await fetch(url, { ...init, headers });
    } catch {
      throw new ApiError(0, { detail: 'The server cannot be reached. Check your connection and try again.' }, null);
    }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new ApiError(response.status, body, retryAfterSeconds(response.headers.get('Retry-After')));
    }
    return body;
  }
}
