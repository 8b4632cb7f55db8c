// deploy/k8s builds offline into valid Kubernetes objects: each overlay through contract-tests' own kustomize (and
// through the real kustomize too where one is installed, which must agree), every object of every file and of every
// build against its schema, the generated KafkaTopics up to date, and no secret value anywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ROOT } from '../lib/contract.js';
import { build, buildWith, kustomizeCommand, readManifests, id, K8S, OVERLAYS, overlayDir } from '../lib/kustomize.js';
import { schemaErrors, validatorKind } from '../lib/manifest-schemas.js';
import { render, OUTPUT, TOPICS_FILE } from '../../deploy/k8s/generate-kafka-topics.mjs';

const yamlFiles = (dir) => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  if (statSync(path).isDirectory()) return yamlFiles(path);
  return /\.ya?ml$/.test(name) && !/^kustomization\.ya?ml$/.test(name) ? [path] : [];
});

test('deploy/k8s/base/kafka/topics.yaml is what generate-kafka-topics.mjs makes of deploy/kafka/topics.txt', () => {
  assert.equal(readFileSync(OUTPUT, 'utf8'), render(readFileSync(TOPICS_FILE, 'utf8')),
    'run: node deploy/k8s/generate-kafka-topics.mjs');
});

for (const overlay of OVERLAYS) {
  test(`overlays/${overlay} builds offline, and every object in it passes its schema`, async () => {
    const objects = build(overlayDir(ROOT, overlay));
    assert.ok(objects.length > 20, `${objects.length} objects`);
    for (const object of objects) assert.deepEqual(await schemaErrors(object), [], id(object));
  });

  test(`overlays/${overlay}: the real kustomize, where installed, builds the same objects`, (t) => {
    const command = kustomizeCommand();
    if (!command) {
      t.skip('no kustomize or kubectl on this machine: only contract-tests/lib/kustomize.js built it');
      return;
    }
    const ours = new Map(build(overlayDir(ROOT, overlay)).map((object) => [id(object), object]));
    const theirs = new Map(buildWith(command, overlayDir(ROOT, overlay)).map((object) => [id(object), object]));
    assert.deepEqual([...ours.keys()].sort(), [...theirs.keys()].sort());
    for (const [key, object] of ours) assert.ok(isDeepStrictEqual(object, theirs.get(key)), `${key} differs from ${command.join(' ')}`);
  });

  test(`overlays/${overlay} leaves no placeholder of the base (*.invalid)`, () => {
    const text = JSON.stringify(build(overlayDir(ROOT, overlay)));
    assert.deepEqual([...new Set(text.match(/[\w.-]*\.invalid\b/g) ?? [])], []);
  });
}

test('every object of every file under deploy/k8s passes its schema, and every kind has a validator', async () => {
  const files = yamlFiles(K8S(ROOT));
  assert.ok(files.length >= 10, `${files.length} files`);
  const kinds = new Map();
  for (const file of files) {
    for (const object of readManifests(file)) {
      kinds.set(`${object.apiVersion} ${object.kind}`, validatorKind(object));
      assert.deepEqual(await schemaErrors(object), [], `${file}: ${id(object)}`);
    }
  }
  assert.deepEqual([...kinds].filter(([, how]) => how === undefined), []);
});

test('the validators have teeth: a wrong type, a missing field and an unknown CRD field are refused', async () => {
  const [deployment] = readManifests(join(K8S(ROOT), 'base', 'gateway-service.yaml')).filter((o) => o.kind === 'Deployment');
  const badPort = structuredClone(deployment);
  badPort.spec.template.spec.containers[0].ports[0].containerPort = 'http';
  assert.notDeepEqual(await schemaErrors(badPort), []);
  const noContainers = structuredClone(deployment);
  delete noContainers.spec.template.spec.containers;
  assert.notDeepEqual(await schemaErrors(noContainers), []);
  const [topic] = readManifests(OUTPUT);
  assert.notDeepEqual(await schemaErrors({ ...topic, spec: { ...topic.spec, partitions: 0 } }), []);
  assert.notDeepEqual(await schemaErrors({ ...topic, spec: { ...topic.spec, replicationFactor: 3 } }), []);
  const [scaledObject] = readManifests(join(K8S(ROOT), 'base', 'credits-service.yaml')).filter((o) => o.kind === 'ScaledObject');
  assert.notDeepEqual(await schemaErrors({ ...scaledObject, spec: { ...scaledObject.spec, triggers: 'kafka' } }), []);
});

test('no secret value is committed: no Secret object, no secretGenerator, secrets only by reference', () => {
  for (const file of yamlFiles(K8S(ROOT))) {
    for (const object of readManifests(file)) assert.notEqual(object.kind, 'Secret', `${file} holds a Secret`);
  }
  for (const overlay of OVERLAYS) {
    const kustomization = readFileSync(join(overlayDir(ROOT, overlay), 'kustomization.yaml'), 'utf8');
    assert.doesNotMatch(kustomization, /secretGenerator/);
  }
});
