// The stack's addresses and users of their own, for every client test (the browser's and Replicate's client).
import { randomUUID } from 'node:crypto';

export const GATEWAY = process.env.KILN_GATEWAY_SERVICE_URL || 'http://localhost:8080';
export const KEYCLOAK = process.env.KILN_KEYCLOAK_URL || 'http://localhost:8180';

/** A new user of realm kiln with the role user (admin REST API, master admin/admin: local only). */
export async function createUser(prefix = 'designer') {
  const admin = await tokenFor('master', 'admin-cli', 'admin', 'admin');
  const username = `${prefix}-${randomUUID().slice(0, 8)}`;
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

export async function tokenFor(realm, clientId, username, password) {
  const response = await fetch(`${KEYCLOAK}/realms/${realm}/protocol/openid-connect/token`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: clientId, username, password }),
  });
  if (!response.ok) throw new Error(`Keycloak at ${KEYCLOAK} refused ${username}: ${response.status} (is ./stack infra running?)`);
  return (await response.json()).access_token;
}

/** A personal API token (kiln_…) of a new user, made as a script would: sign in, then POST /v1/account/tokens. */
export async function apiTokenOfNewUser(prefix) {
  const user = await createUser(prefix);
  const access = await tokenFor('kiln', 'kiln-web', user.username, user.password);
  const response = await fetch(`${GATEWAY}/v1/account/tokens`, {
    method: 'POST', headers: { Authorization: `Bearer ${access}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'replicate client test' }),
  });
  if (response.status !== 201) throw new Error(`The gateway made no API token: ${response.status} ${await response.text()}`);
  return { ...user, token: (await response.json()).token };
}
