// What each service really uses, read from its own sources: the port, database, Kafka wiring and health paths of its
// application.properties, and the configuration it accepts or requires from the environment (its properties, their
// ${...} references and its @ConfigMapping interfaces). The deployment tests hold docker-compose.yml and deploy/k8s
// to these facts.
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, builtModules } from './contract.js';

/** The services: modules of the build (builtModules) with an application.properties that sets quarkus.http.port. */
export function serviceModules() {
  return builtModules()
    .filter((name) => existsSync(propertiesFile(name)))
    .filter((name) => rawProperties(name).some(([key]) => key === 'quarkus.http.port'))
    .sort();
}

function propertiesFile(module) {
  return join(ROOT, module, 'src', 'main', 'resources', 'application.properties');
}

/** [key, value] in file order; continuation lines joined, comments skipped. */
function rawProperties(module) {
  const lines = readFileSync(propertiesFile(module), 'utf8').split('\n');
  const entries = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].trim();
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i].trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const at = line.search(/(?<!\\)[=:]/);
    if (at < 0) continue;
    entries.push([line.slice(0, at).trim().replace(/\\(.)/g, '$1'), line.slice(at + 1).trim()]);
  }
  return entries;
}

/**
 * The configuration as the production profile sees it: keys without a profile, overridden by %prod. keys. Keys of
 * other profiles (%local., %test., %dev.) are left out, since a deployment runs the production profile.
 */
export function productionProperties(module) {
  const plain = new Map();
  const prod = new Map();
  for (const [key, value] of rawProperties(module)) {
    if (key.startsWith('%prod.')) prod.set(key.slice('%prod.'.length), value);
    else if (!key.startsWith('%')) plain.set(key, value);
  }
  return new Map([...plain, ...prod]);
}

/** Every key in any profile, without its profile: each one can be overridden from the environment. */
function everyKey(module) {
  return rawProperties(module).map(([key]) => key.replace(/^%[^.]+\./, ''));
}

/** MicroProfile Config's environment variable for a property: non-alphanumerics become '_', upper case. */
export function environmentName(property) {
  return property.replace(/[^A-Za-z0-9]/g, '_').toUpperCase();
}

/** ${name} and ${name:default} references in values: [{ name, hasDefault }] (nested references included). */
function references(value) {
  const found = [];
  for (const match of value.matchAll(/\$\{([^}:$]+)(:?)/g)) found.push({ name: match[1].trim(), hasDefault: match[2] === ':' });
  return found;
}

export function httpPort(module) {
  return Number(productionProperties(module).get('quarkus.http.port'));
}

/** The database of quarkus.datasource.jdbc.url, or undefined. */
export function databaseName(module) {
  const url = productionProperties(module).get('quarkus.datasource.jdbc.url');
  return url?.match(/\/([A-Za-z0-9_]+)(\?.*)?$/)?.[1];
}

/** Quarkus's health endpoints under the non-application root path (/q unless the service moves it). */
export function healthPaths(module) {
  const properties = productionProperties(module);
  const root = (properties.get('quarkus.http.non-application-root-path') ?? 'q').replace(/^\/|\/$/g, '');
  const health = (properties.get('quarkus.smallrye-health.root-path') ?? 'health').replace(/^\/|\/$/g, '');
  const base = `/${root}/${health}`;
  return { ready: `${base}/ready`, live: `${base}/live`, started: `${base}/started` };
}

/** Incoming Kafka channels: [{ topic, group, offsetReset }], with the connector-wide defaults applied. */
export function kafkaConsumers(module) {
  const properties = productionProperties(module);
  const connector = (name) => properties.get(`mp.messaging.connector.smallrye-kafka.${name}`);
  const channels = new Set([...properties.keys()]
    .map((key) => key.match(/^mp\.messaging\.incoming\.([^.]+)\.topic$/)?.[1]).filter(Boolean));
  return [...channels].map((channel) => {
    const own = (name) => properties.get(`mp.messaging.incoming.${channel}.${name}`);
    return {
      topic: own('topic'),
      group: own('group.id') ?? connector('group.id') ?? properties.get('kafka.group.id') ?? properties.get('quarkus.application.name'),
      offsetReset: own('auto.offset.reset') ?? connector('auto.offset.reset') ?? 'latest',
    };
  });
}

// --- @ConfigMapping interfaces ------------------------------------------------------------------------------------

function javaFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? javaFiles(path) : name.endsWith('.java') ? [path] : [];
  });
}

/** The body of the block whose '{' is at `open`, and the index of its '}'. */
function block(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return { body: text.slice(open + 1, i), end: i };
  }
  throw new Error('unbalanced braces');
}

/** Each interface of a file: its abstract no-argument methods (type, name, whether it has a @WithDefault). */
function interfacesOf(source) {
  // Comments out, string literals kept (a URL's "//" is not a comment).
  const text = source.replace(/("(?:\\.|[^"\\])*")|\/\*[\s\S]*?\*\/|\/\/.*$/gm, (all, string) => string ?? '');
  const interfaces = new Map();
  for (const match of text.matchAll(/\binterface\s+(\w+)[^{]*\{/g)) {
    let { body } = block(text, match.index + match[0].length - 1);
    // Only this interface's own members: drop nested types and default methods' bodies.
    for (;;) {
      const nested = body.match(/\b(interface|enum|class|record)\s+\w+[^{]*\{|\bdefault\s[^{;]*\{/);
      if (!nested) break;
      const { end } = block(body, nested.index + nested[0].length - 1);
      body = body.slice(0, nested.index) + ';' + body.slice(end + 1);
    }
    const methods = [];
    for (const m of body.matchAll(/((?:@[\w.]+(?:\([^)]*\))?\s*)*)([\w.]+(?:<[^;()]*>)?)\s+(\w+)\s*\(\s*\)\s*;/g)) {
      methods.push({ annotations: m[1], type: m[2], name: m[3] });
    }
    interfaces.set(match[1], methods);
  }
  return interfaces;
}

const kebab = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** Every leaf of every @ConfigMapping of a module: { path ('*' for a map key), required, defaultValue }. */
export function mappedProperties(module) {
  const leaves = [];
  for (const file of javaFiles(join(ROOT, module, 'src', 'main', 'java'))) {
    const source = readFileSync(file, 'utf8');
    const prefix = source.match(/@ConfigMapping\s*\(\s*prefix\s*=\s*"([^"]+)"/)?.[1];
    if (!prefix) continue;
    const interfaces = interfacesOf(source);
    const root = source.match(/@ConfigMapping[^)]*\)\s*(?:@\w+(?:\([^)]*\))?\s*)*public\s+interface\s+(\w+)/)?.[1];
    const walk = (name, path, inMap) => {
      for (const method of interfaces.get(name) ?? []) {
        const key = `${path}.${method.annotations.match(/@WithName\("([^"]+)"\)/)?.[1] ?? kebab(method.name)}`;
        const mapOf = method.type.match(/^Map<\s*String\s*,\s*(\w+)\s*>$/)?.[1];
        if (interfaces.has(method.type)) walk(method.type, key, inMap);
        else if (mapOf && interfaces.has(mapOf)) walk(mapOf, `${key}.*`, true);
        else {
          const optional = /^Optional/.test(method.type) || /^Map</.test(method.type) || /@WithDefault/.test(method.annotations);
          const defaultValue = method.annotations.match(/@WithDefault\("((?:\\.|[^"\\])*)"\)/)?.[1];
          leaves.push({ path: key, required: !optional && !inMap, defaultValue });
        }
      }
    };
    walk(root, prefix, false);
  }
  return leaves;
}

function mappedPattern(path) {
  return new RegExp(`^${path.split('.').map((part) => (part === '*' ? '[A-Z0-9]+' : environmentName(part))).join('_')}$`);
}

/**
 * Whether the service reads this environment variable: it is the environment name of one of its properties (any
 * profile), of a ${...} reference, or of a @ConfigMapping leaf.
 */
export function readsEnvironmentVariable(module, variable) {
  const names = new Set(everyKey(module).map(environmentName));
  for (const [, value] of rawProperties(module)) for (const { name } of references(value)) names.add(environmentName(name));
  if (names.has(variable)) return true;
  return mappedProperties(module).some(({ path }) => mappedPattern(path).test(variable));
}

/**
 * The environment variables a production start cannot do without: ${name} references without a default whose name
 * is not itself a property, and @ConfigMapping leaves with no default that no property sets.
 */
export function requiredEnvironmentVariables(module) {
  const properties = productionProperties(module);
  const required = new Set();
  for (const value of properties.values()) {
    for (const { name, hasDefault } of references(value)) {
      if (!hasDefault && !properties.has(name)) required.add(environmentName(name));
    }
  }
  for (const { path, required: needed } of mappedProperties(module)) {
    if (needed && !properties.has(path)) required.add(environmentName(path));
  }
  return required;
}

/**
 * The settings whose production value points at localhost (a property's value, a ${name:default}'s default, or a
 * @ConfigMapping default): in a container, localhost is the container itself, so a deployment must set each of them.
 * Each entry lists the environment variables that would set it (the property's own, or the one its value refers to).
 */
export function localhostSettings(module) {
  const properties = productionProperties(module);
  const settings = [];
  for (const [key, value] of properties) {
    const defaultsToLocalhost = references(value).filter(({ name }) => {
      const start = value.indexOf(`\${${name}:`);
      return start >= 0 && /^[^}]*localhost/.test(value.slice(start + name.length + 3));
    });
    for (const { name } of defaultsToLocalhost) settings.push({ property: key, variables: [environmentName(key), environmentName(name)] });
    if (/localhost/.test(value.replace(/\$\{[^}]*\}/g, ''))) settings.push({ property: key, variables: [environmentName(key)] });
  }
  for (const { path, defaultValue } of mappedProperties(module)) {
    if (path.includes('*') || properties.has(path) || !/localhost/.test(defaultValue ?? '')) continue;
    settings.push({ property: path, variables: [environmentName(path)] });
  }
  return settings;
}
