// docker-compose.yml is a valid Compose file that runs what ./stack runs: the same versions, topics, databases and
// realm, each service from its Dockerfile.jvm, every container with a healthcheck and every dependency a condition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT, topics } from '../lib/contract.js';
import { composeDocument, composeValidator, environmentOf, COMPOSE_FILE } from '../lib/compose.js';
import { serviceModules, databaseName } from '../lib/service-config.js';

const compose = composeDocument();
const services = compose.services;
const validate = composeValidator();
const errorsOf = () => (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);

test('docker-compose.yml is valid against the Compose Specification schema', () => {
  assert.ok(validate(compose), errorsOf().join('\n'));
});

test('the Compose implementation on this machine, if any, accepts the file too (docker compose config)', (t) => {
  const candidates = [['docker', 'compose'], ['docker-compose']];
  for (const command of candidates) {
    try {
      execFileSync(command[0], [...command.slice(1), 'version'], { stdio: 'ignore', timeout: 20000 });
    } catch {
      continue;
    }
    execFileSync(command[0], [...command.slice(1), '-f', COMPOSE_FILE, 'config', '-q'], { stdio: 'pipe', timeout: 60000 });
    return;
  }
  t.skip('neither docker compose nor docker-compose here: only the schema checked the file');
});

test('the schema check has teeth: a misspelt key, a wrong condition and a bad duration are refused', () => {
  const broken = structuredClone(compose);
  broken.services.redis.healthchek = broken.services.redis.healthcheck;
  assert.ok(!validate(broken));
  const badCondition = structuredClone(compose);
  badCondition.services['gateway-service'].depends_on.postgres.condition = 'service_ready';
  assert.ok(!validate(badCondition));
  const badDuration = structuredClone(compose);
  badDuration.services.redis.healthcheck.interval = 'PT5S';
  assert.ok(!validate(badDuration));
});

test('every Kiln service is built from its src/main/docker/Dockerfile.jvm, in the module folder', () => {
  for (const module of serviceModules()) {
    const service = services[module];
    assert.ok(service, `${module} is a compose service`);
    assert.equal(service.build?.context, `./${module}`, module);
    assert.equal(service.build?.dockerfile, 'src/main/docker/Dockerfile.jvm', module);
    assert.ok(existsSync(join(ROOT, module, service.build.dockerfile)), `${module}'s Dockerfile.jvm exists`);
  }
});

test('every long-running container has a healthcheck, and every dependency waits on a condition that can be met', () => {
  for (const [name, service] of Object.entries(services)) {
    const oneShot = service.restart === 'no';
    if (!oneShot) assert.ok(service.healthcheck?.test, `${name} has a healthcheck`);
    const dependsOn = service.depends_on ?? {};
    assert.ok(!Array.isArray(dependsOn), `${name}: depends_on with conditions, not a plain list`);
    for (const [dependency, { condition }] of Object.entries(dependsOn)) {
      assert.ok(services[dependency], `${name} depends on ${dependency}, a service of the file`);
      const expected = services[dependency].restart === 'no' ? 'service_completed_successfully' : 'service_healthy';
      assert.equal(condition, expected, `${name} -> ${dependency}`);
    }
  }
});

test('Kafka, S3Mock and Keycloak run the versions ./stack runs (deploy/local/pom.xml)', () => {
  const pom = readFileSync(join(ROOT, 'deploy', 'local', 'pom.xml'), 'utf8');
  const version = (name) => pom.match(new RegExp(`<${name}.version>([^<]+)<`))[1];
  assert.equal(services.kafka.image, `apache/kafka:${version('kafka')}`);
  assert.equal(services['kafka-topics'].image, services.kafka.image);
  assert.equal(services.s3.image, `adobe/s3mock:${version('s3mock')}`);
  assert.equal(services.keycloak.image, `quay.io/keycloak/keycloak:${version('keycloak')}`);
});

test("the broker is configured as ./stack's: no auto-created topic, the same defaults", () => {
  const local = new Map(readFileSync(join(ROOT, 'deploy', 'local', 'kafka', 'server.properties'), 'utf8').split('\n')
    .filter((line) => /^[a-z]/.test(line)).map((line) => line.split('=').map((part) => part.trim())));
  const environment = environmentOf(services.kafka);
  for (const key of ['auto.create.topics.enable', 'num.partitions', 'default.replication.factor', 'min.insync.replicas',
    'offsets.topic.replication.factor', 'transaction.state.log.replication.factor', 'transaction.state.log.min.isr']) {
    assert.equal(environment.get(`KAFKA_${key.replace(/\./g, '_').toUpperCase()}`), local.get(key), key);
  }
});

test('the topic creator creates the topics of deploy/kafka/topics.txt and their one-partition .dlq', () => {
  const creator = services['kafka-topics'];
  const mounts = creator.volumes.map((volume) => volume.split(':'));
  const mountOf = (source) => mounts.find(([from]) => from === source)?.[1];
  assert.ok(creator.entrypoint.includes(mountOf('./deploy/kafka/topics.txt')), 'topics.txt is mounted and given');
  assert.ok(creator.entrypoint.includes(mountOf('./deploy/compose/kafka/create-topics.sh')), 'the script is mounted and run');

  // Run the script itself, with a stand-in for kafka-topics.sh that records its arguments.
  const dir = mkdtempSync(join(tmpdir(), 'kiln-topics-'));
  const stub = join(dir, 'kafka-topics.sh');
  writeFileSync(stub, `#!/bin/sh\necho "$@" >> ${join(dir, 'calls')}\n`);
  chmodSync(stub, 0o755);
  execFileSync('bash', [join(ROOT, 'deploy', 'compose', 'kafka', 'create-topics.sh'), 'kafka:19092', join(ROOT, 'deploy', 'kafka', 'topics.txt')],
    { env: { ...process.env, KAFKA_TOPICS_COMMAND: stub }, encoding: 'utf8' });
  const created = readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n').map((line) => {
    assert.match(line, /^--bootstrap-server kafka:19092 --create --if-not-exists /);
    return `${line.match(/--topic (\S+)/)[1]} ${line.match(/--partitions (\d+)/)[1]}`;
  }).sort();
  const expected = topics().flatMap(({ name, partitions }) => [`${name} ${partitions}`, `${name}.dlq 1`]).sort();
  assert.deepEqual(created, expected);
  assert.equal(creator.entrypoint.at(-2), 'kafka:19092', 'the creator uses the listener the containers use');
});

test("PostgreSQL's init script creates exactly the services' databases", () => {
  const mounted = services.postgres.volumes.find((volume) => volume.includes('/docker-entrypoint-initdb.d/'));
  const script = readFileSync(join(ROOT, mounted.split(':')[0]), 'utf8');
  const created = [...script.matchAll(/CREATE DATABASE (\w+)/gi)].map((m) => m[1]).sort();
  const wanted = serviceModules().map(databaseName).filter(Boolean).sort();
  assert.deepEqual(created, wanted);
  assert.ok(wanted.length >= 3);
});

test("Keycloak imports ./stack's realm file", () => {
  const keycloak = services.keycloak;
  assert.ok(keycloak.volumes.includes('./deploy/keycloak/kiln-realm.json:/opt/keycloak/data/import/kiln-realm.json:ro'));
  assert.ok(keycloak.command.includes('--import-realm'));
  assert.equal(JSON.parse(readFileSync(join(ROOT, 'deploy', 'keycloak', 'kiln-realm.json'), 'utf8')).realm, 'kiln');
});

test('the file names no host path outside the repository', () => {
  for (const [name, service] of Object.entries(services)) {
    for (const volume of service.volumes ?? []) {
      const source = volume.split(':')[0];
      if (source.startsWith('.')) assert.ok(existsSync(join(ROOT, source)), `${name}: ${source} exists`);
      else assert.ok(compose.volumes && source in compose.volumes, `${name}: ${source} is a named volume`);
    }
  }
  assert.ok(readFileSync(COMPOSE_FILE, 'utf8').length > 0);
});
