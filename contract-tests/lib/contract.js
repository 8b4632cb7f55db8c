// Shared reading of the repository's contract files for the tests in this folder.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ASYNCAPI = join(ROOT, 'docs', 'asyncapi.yaml');
export const TOPICS = join(ROOT, 'deploy', 'kafka', 'topics.txt');

/** docs/asyncapi.yaml as plain data, exactly as written (no references resolved, no traits applied). */
export function rawDocument() {
  return parseYaml(readFileSync(ASYNCAPI, 'utf8'));
}

/** deploy/kafka/topics.txt: "name partitions" per line, '#' starts a comment; the partitions default to 1. */
export function topics() {
  return readFileSync(TOPICS, 'utf8').split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const [name, partitions] = line.split(/\s+/);
      return { name, partitions: partitions === undefined ? 1 : Number(partitions) };
    });
}

/**
 * The modules Kiln is built from: the root pom's own <modules>, not those of a profile (bench/, the benchmark's floor,
 * is built only under -Pbench and is not part of what is deployed).
 */
export function builtModules() {
  const pom = readFileSync(join(ROOT, 'pom.xml'), 'utf8');
  const own = pom.split('<profiles>')[0];
  return [...own.matchAll(/<module>([^<]+)<\/module>/g)].map((match) => match[1].trim());
}

/** The Kafka services: modules whose main configuration wires SmallRye Kafka channels. */
export function kafkaServices() {
  return builtModules()
    .filter((name) => existsSync(applicationProperties(name)))
    .filter((name) => /^mp\.messaging\.(incoming|outgoing)\./m.test(readFileSync(applicationProperties(name), 'utf8')));
}

function applicationProperties(module) {
  return join(ROOT, module, 'src', 'main', 'resources', 'application.properties');
}

/**
 * What a service's application.properties says it does on Kafka, without profiles (%test. ...):
 * the topics it receives and sends, and where each incoming channel's dead letters go.
 */
export function kafkaWiring(module) {
  const properties = new Map();
  for (const raw of readFileSync(applicationProperties(module), 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!') || line.startsWith('%')) continue;
    const at = line.search(/[=:]/);
    if (at < 0) continue;
    properties.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  const wiring = { receives: new Set(), sends: new Set(), deadLetters: new Set() };
  for (const [key, value] of properties) {
    const match = key.match(/^mp\.messaging\.(incoming|outgoing)\.([^.]+)\.(topic|dead-letter-queue\.topic)$/);
    if (!match) continue;
    const [, direction, , property] = match;
    if (property === 'topic') (direction === 'incoming' ? wiring.receives : wiring.sends).add(value);
    else wiring.deadLetters.add(value);
  }
  return wiring;
}
