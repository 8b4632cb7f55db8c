// Sign-in with Keycloak: the authorization code flow with PKCE (RFC 7636) on a public client, by plain fetch.
// Tokens live in sessionStorage: they last as long as the tab, and a reload keeps the user signed in.

const STORE = 'kiln.designer.tokens';
const PENDING = 'kiln.designer.pending-sign-in';

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(size = 32) {
  return base64url(crypto.getRandomValues(new Uint8Array(size)));
}

function claimsOf(jwt) {
  try {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(payload))));
  } catch {
    return {};
  }
}

export class Auth {
  constructor({ oidcIssuer, clientId }) {
    this.issuer = oidcIssuer.replace(/\/+$/, '');
    this.clientId = clientId;
    // The page's own address without query or fragment: Keycloak's redirect URIs must allow it.
    this.redirectUri = location.origin + location.pathname;
    this.tokens = JSON.parse(sessionStorage.getItem(STORE) || 'null');
  }

  get signedIn() {
    return Boolean(this.tokens);
  }

  get username() {
    const claims = claimsOf(this.tokens?.access_token || '');
    return claims.preferred_username || claims.sub || '';
  }

  async signIn() {
    const verifier = randomString(48);
    const state = randomString(16);
    const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
    const url = new URL(`${this.issuer}/protocol/openid-connect/auth`);
    url.search = new URLSearchParams({
      client_id: this.clientId, response_type: 'code', scope: 'openid', redirect_uri: this.redirectUri,
      state, code_challenge: challenge, code_challenge_method: 'S256',
    });
    location.assign(url);
  }

  /** Finishes a sign-in when Keycloak sent the browser back here with a code; true when it did. */
  async completeSignIn() {
    const params = new URLSearchParams(location.search);
    if (!params.has('code') && !params.has('error')) return false;
    const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
    sessionStorage.removeItem(PENDING);
    history.replaceState(null, '', this.redirectUri);
    if (params.has('error')) {
      throw new Error(`Sign-in did not complete: ${params.get('error_description') || params.get('error')}.`);
    }
    if (!pending || pending.state !== params.get('state')) {
      throw new Error('Sign-in did not complete: the answer does not belong to this tab. Sign in again.');
    }
    await this.#token({
      grant_type: 'authorization_code', code: params.get('code'), redirect_uri: this.redirectUri,
      code_verifier: pending.verifier,
    });
    return true;
  }

  /** The access token, refreshed when it expires within 30 s; null when anonymous or the session ended. */
  async accessToken() {
    if (!this.tokens) return null;
    if (Date.now() < this.tokens.expires_at - 30_000) return this.tokens.access_token;
    try {
      await this.#token({ grant_type: 'refresh_token', refresh_token: this.tokens.refresh_token });
      return this.tokens.access_token;
    } catch {
      this.#forget();
      return null;
    }
  }

  signOut() {
    const idToken = this.tokens?.id_token;
    this.#forget();
    const url = new URL(`${this.issuer}/protocol/openid-connect/logout`);
    url.search = new URLSearchParams({
      client_id: this.clientId, post_logout_redirect_uri: this.redirectUri, ...(idToken ? { id_token_hint: idToken } : {}),
    });
    location.assign(url);
  }

  async #token(fields) {
    const response = await fetch(`${this.issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: this.clientId, ...fields }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(`Sign-in failed: ${body.error_description || body.error || `Keycloak answered ${response.status}`}.`);
    }
    this.tokens = { ...body, expires_at: Date.now() + body.expires_in * 1000 };
    sessionStorage.setItem(STORE, JSON.stringify(this.tokens));
  }

  #forget() {
    this.tokens = null;
    sessionStorage.removeItem(STORE);
  }
}
