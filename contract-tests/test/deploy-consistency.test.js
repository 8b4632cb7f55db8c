// docker-compose.yml and deploy/k8s give each service what it really uses, as its own sources say: its port
// (quarkus.http.port), its health paths, the variables it reads (and every one it cannot start without in the
// production profile), the topics and consumer groups it consumes (autoscaling on lag), and nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ROOT, topics } from '../lib/contract.js';
import { composeDocument, environmentOf, publishedPorts } from '../lib/compose.js';
import { build, containersOf, OVERLAYS, overlayDir } from '../lib/kustomize.js';
import {
  serviceModules, httpPort, healthPaths, kafkaConsumers, readsEnvironmentVariable, requiredEnvironmentVariables,
  localhostSettings,
} from '../lib/service-config.js';

const modules = serviceModules();
const compose = composeDocument().services;
const built = Object.fromEntries(OVERLAYS.map((overlay) => [overlay, build(overlayDir(ROOT, overlay))]));
const find = (objects, kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name);
// The services the Ingress may route to (some of their paths are public); the others are reached from inside only.
const PUBLIC_SERVICES = ['gateway-service', 'webhook-service', 'credits-service'];
const partitions = new Map(topics().flatMap(({ name, partitions: count }) => [[name, count], [`${name}.dlq`, 1]]));

test('the services are found', () => {
  assert.deepEqual(modules, ['credits-service', 'gateway-service', 'provider-simulator', 'storage-service', 'webhook-service']);
});

// --- docker-compose.yml --------------------------------------------------------------------------------------------

for (const module of modules) {
  test(`compose ${module}: published on its quarkus.http.port, healthy when its readiness check says so`, () => {
    const service = compose[module];
    assert.deepEqual(publishedPorts(service), [{ host: httpPort(module), container: httpPort(module) }]);
    assert.ok(service.healthcheck.test.join(' ').includes(`http://localhost:${httpPort(module)}${healthPaths(module).ready}`),
      service.healthcheck.test.join(' '));
  });

  test(`compose ${module}: every variable is one it reads, every one it requires is set, nothing left at localhost`, () => {
    const environment = environmentOf(compose[module]);
    const unread = [...environment.keys()].filter((name) => !readsEnvironmentVariable(module, name));
    assert.deepEqual(unread, [], 'set but not read by the service');
    const missing = [...requiredEnvironmentVariables(module)].filter((name) => !environment.has(name));
    assert.deepEqual(missing, [], 'required by the production profile but not set');
    const localhost = localhostSettings(module).filter(({ variables }) => !variables.some((name) => environment.has(name)));
    assert.deepEqual(localhost, [], 'left at a default that points at localhost, the container itself');
  });
}

test("compose: every URL or address between containers names a compose service and a port it listens on", () => {
  const listening = new Map(modules.map((module) => [module, new Set([httpPort(module)])]));
  listening.set('kafka', new Set([19092]));
  listening.set('s3', new Set([9090]));
  listening.set('keycloak', new Set([8080]));
  listening.set('postgres', new Set([5432]));
  listening.set('redis', new Set([6379]));
  const kafka = environmentOf(compose.kafka).get('KAFKA_ADVERTISED_LISTENERS');
  assert.match(kafka, /INTERNAL:\/\/kafka:19092/);
  let checked = 0;
  for (const module of modules) {
    for (const [name, value] of environmentOf(compose[module])) {
      for (const [, host, port] of value.matchAll(/(?:^|\/\/|,)([a-z][a-z0-9-]*):(\d+)/g)) {
        if (host === 'localhost') continue; // addresses handed to clients on the host, through the published ports
        assert.ok(listening.get(host)?.has(Number(port)), `${module} ${name}=${value}: nothing listens on ${host}:${port}`);
        checked++;
      }
      if (/_HOST$/.test(name)) assert.ok(listening.has(value), `${module} ${name}=${value} is a compose service`);
    }
  }
  assert.ok(checked >= 8, `${checked} addresses checked`);
});

test('compose: the host sees the same ports as with ./stack', () => {
  const hostPorts = Object.values(compose).flatMap((service) => publishedPorts(service).map(({ host }) => host)).sort();
  assert.deepEqual(hostPorts, [5432, 6379, 8080, 8081, 8082, 8083, 8090, 8180, 9000, 9092]);
});

// --- deploy/k8s ----------------------------------------------------------------------------------------------------

/** The environment variable names a container gets: env entries and the keys of envFrom ConfigMaps. */
function environmentNames(objects, container) {
  const names = (container.env ?? []).map((entry) => entry.name);
  for (const source of container.envFrom ?? []) {
    const configMap = find(objects, 'ConfigMap', source.configMapRef?.name);
    assert.ok(configMap, `envFrom ConfigMap ${source.configMapRef?.name} exists`);
    names.push(...Object.keys(configMap.data ?? {}));
  }
  return names;
}

for (const overlay of OVERLAYS) {
  const objects = built[overlay];
  const deployments = objects.filter((o) => o.kind === 'Deployment');

  test(`k8s ${overlay}: a Deployment per service of ours, the simulator only locally`, () => {
    const expected = modules.filter((module) => overlay === 'local' || module !== 'provider-simulator');
    assert.deepEqual(deployments.map((d) => d.metadata.name).sort(), expected);
  });

  for (const deployment of deployments) {
    const module = deployment.metadata.name;
    const [container] = deployment.spec.template.spec.containers;

    test(`k8s ${overlay} ${module}: port, probes, resources and Service are the service's own`, () => {
      assert.deepEqual(container.ports, [{ name: 'http', containerPort: httpPort(module) }]);
      const paths = healthPaths(module);
      assert.deepEqual(container.readinessProbe.httpGet, { path: paths.ready, port: 'http' });
      assert.deepEqual(container.livenessProbe.httpGet, { path: paths.live, port: 'http' });
      assert.deepEqual(container.startupProbe.httpGet, { path: paths.started, port: 'http' });
      assert.ok(container.resources.requests.cpu && container.resources.requests.memory && container.resources.limits.memory);
      const service = find(objects, 'Service', module);
      assert.deepEqual(service.spec.ports, [{ name: 'http', port: httpPort(module), targetPort: 'http' }]);
      assert.deepEqual(service.spec.selector, deployment.spec.selector.matchLabels);
      assert.deepEqual(deployment.spec.selector.matchLabels,
        Object.fromEntries(Object.entries(deployment.spec.template.metadata.labels).filter(([key]) => key in deployment.spec.selector.matchLabels)));
    });

    test(`k8s ${overlay} ${module}: every variable is one it reads, every required one is set, nothing left at localhost, every reference resolves`, () => {
      const names = environmentNames(objects, container);
      assert.deepEqual(names.filter((name) => !readsEnvironmentVariable(module, name)), [], 'set but not read by the service');
      assert.deepEqual([...requiredEnvironmentVariables(module)].filter((name) => !names.includes(name)), [], 'required but not set');
      assert.deepEqual(localhostSettings(module).filter(({ variables }) => !variables.some((name) => names.includes(name))), [],
        'left at a default that points at localhost, the pod itself');
      assert.equal(new Set(names).size, names.length, 'no variable set twice');
      for (const { name, valueFrom } of container.env ?? []) {
        if (valueFrom?.configMapKeyRef) {
          const { name: configMap, key } = valueFrom.configMapKeyRef;
          assert.ok(find(objects, 'ConfigMap', configMap)?.data?.[key] !== undefined, `${name}: ConfigMap ${configMap} has ${key}`);
        }
        if (valueFrom?.secretKeyRef) {
          assert.equal(valueFrom.secretKeyRef.name, 'kiln-secrets', `${name}: secrets come from kiln-secrets`);
          const external = find(objects, 'ExternalSecret', 'kiln-secrets');
          if (overlay === 'production') {
            assert.ok(external.spec.data.some(({ secretKey }) => secretKey === valueFrom.secretKeyRef.key),
              `${name}: the ExternalSecret provides ${valueFrom.secretKeyRef.key}`);
          }
        }
      }
    });

    test(`k8s ${overlay} ${module}: a PodDisruptionBudget, and exactly one autoscaler`, () => {
      const budgets = objects.filter((o) => o.kind === 'PodDisruptionBudget'
        && isDeepStrictEqual(o.spec.selector.matchLabels, deployment.spec.selector.matchLabels));
      if (module !== 'provider-simulator') assert.equal(budgets.length, 1, 'one PodDisruptionBudget');
      const hpas = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.name === module);
      const scaled = objects.filter((o) => o.kind === 'ScaledObject' && o.spec.scaleTargetRef.name === module);
      if (module === 'provider-simulator') assert.equal(hpas.length + scaled.length, 0, 'the simulator keeps its state in memory: one replica');
      else assert.equal(hpas.length + scaled.length, 1, 'one autoscaler');
    });
  }

  test(`k8s ${overlay}: the gateway scales on CPU, the consumers on the lag of exactly the topics and groups they consume`, () => {
    const gateway = find(objects, 'HorizontalPodAutoscaler', 'gateway-service');
    assert.equal(gateway.spec.metrics[0].resource.name, 'cpu');
    for (const scaled of objects.filter((o) => o.kind === 'ScaledObject')) {
      const module = scaled.spec.scaleTargetRef.name;
      const consumers = kafkaConsumers(module);
      assert.ok(consumers.length > 0, `${module} consumes`);
      const triggers = scaled.spec.triggers.map(({ type, metadata }) => {
        assert.equal(type, 'kafka');
        return `${metadata.consumerGroup} ${metadata.topic} ${metadata.offsetResetPolicy}`;
      });
      assert.deepEqual(triggers.sort(), consumers.map((c) => `${c.group} ${c.topic} ${c.offsetReset}`).sort(), module);
      const fewest = Math.min(...consumers.map(({ topic }) => partitions.get(topic)));
      assert.ok(scaled.spec.maxReplicaCount <= fewest, `${module}: at most ${fewest} replicas (partitions), not ${scaled.spec.maxReplicaCount}`);
      const [container] = find(objects, 'Deployment', module).spec.template.spec.containers;
      for (const { metadata } of scaled.spec.triggers) {
        assert.ok(environmentNames(objects, container).includes(metadata.bootstrapServersFromEnv), 'KEDA reads the bootstrap servers from the container');
      }
    }
    assert.deepEqual(objects.filter((o) => o.kind === 'ScaledObject').map((o) => o.metadata.name).sort(), ['credits-service', 'storage-service']);
  });

  test(`k8s ${overlay}: the KafkaTopics are deploy/kafka/topics.txt and their .dlq, and nothing is auto-created`, () => {
    const kafkaTopics = objects.filter((o) => o.kind === 'KafkaTopic');
    assert.deepEqual(new Map(kafkaTopics.map((t) => [t.spec.topicName, t.spec.partitions])), partitions);
    const cluster = find(objects, 'Kafka', 'kiln');
    for (const topic of kafkaTopics) assert.equal(topic.metadata.labels['strimzi.io/cluster'], cluster.metadata.name);
    for (const pool of objects.filter((o) => o.kind === 'KafkaNodePool')) assert.equal(pool.metadata.labels['strimzi.io/cluster'], cluster.metadata.name);
    assert.equal(cluster.spec.kafka.config['auto.create.topics.enable'], false);
    const brokers = objects.filter((o) => o.kind === 'KafkaNodePool' && o.spec.roles.includes('broker')).reduce((sum, p) => sum + p.spec.replicas, 0);
    for (const topic of kafkaTopics) {
      assert.ok(topic.spec.replicas <= brokers, `${topic.spec.topicName}: ${topic.spec.replicas} replicas on ${brokers} brokers`);
      assert.ok(topic.spec.config['min.insync.replicas'] < topic.spec.replicas || topic.spec.replicas === 1,
        `${topic.spec.topicName}: one broker may be down`);
      if (overlay === 'production') {
        assert.equal(topic.spec.replicas, 3, topic.spec.topicName);
        assert.equal(topic.spec.config['min.insync.replicas'], 2, topic.spec.topicName);
      }
    }
    const bootstrap = `${cluster.metadata.name}-kafka-bootstrap:${cluster.spec.kafka.listeners.find((l) => !l.tls).port}`;
    assert.equal(find(objects, 'ConfigMap', 'kiln-endpoints').data['kafka-bootstrap-servers'], bootstrap);
  });

  test(`k8s ${overlay}: the Ingress routes only public paths, each to the service that serves it`, () => {
    const [ingress] = objects.filter((o) => o.kind === 'Ingress');
    const paths = ingress.spec.rules.flatMap((rule) => rule.http.paths);
    assert.ok(paths.length >= 3);
    for (const { path, backend } of paths) {
      assert.doesNotMatch(path, /^\/(q|_sim)(\/|$)|\/admin(\/|$)/, `${path} must stay internal`);
      const { name, port } = backend.service;
      assert.ok(PUBLIC_SERVICES.includes(name), `${path} goes to a public service, not ${name}`);
      assert.ok(find(objects, 'Service', name).spec.ports.some((p) => p.name === port.name), `${name} has port ${port.name}`);
      assert.ok(resourcePaths(name).some((served) => served === path || served.startsWith(`${path}/`)),
        `${name} serves ${path} (its @Path: ${resourcePaths(name).join(', ')})`);
    }
    for (const module of modules) {
      for (const { path: adminPath } of resources(module).filter(({ adminOnly }) => adminOnly)) {
        const routed = paths.filter(({ path, backend }) => backend.service.name === module
          && (adminPath === path || adminPath.startsWith(`${path}/`)));
        assert.deepEqual(routed.map(({ path }) => path), [], `${module}'s admin-only ${adminPath} must not be routed`);
      }
    }
  });

  test(`k8s ${overlay}: network policies keep the simulator and the internal services internal`, () => {
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    const selects = (policy, name) => {
      const { matchLabels = {}, matchExpressions = [] } = policy.spec.podSelector;
      const labels = find(objects, 'Deployment', name).spec.template.metadata.labels;
      return Object.entries(matchLabels).every(([k, v]) => labels[k] === v)
        && matchExpressions.every(({ key, operator, values }) => operator === 'In' && values.includes(labels[key]));
    };
    for (const deployment of deployments) {
      const name = deployment.metadata.name;
      const applying = policies.filter((policy) => selects(policy, name));
      assert.ok(applying.some((p) => p.spec.policyTypes.includes('Ingress') && !p.spec.ingress), `${name}: a deny-all-ingress policy applies`);
      const fromOtherNamespaces = applying.flatMap((p) => p.spec.ingress ?? []).flatMap((rule) => rule.from ?? [])
        .filter((peer) => peer.namespaceSelector).map((peer) => peer.namespaceSelector.matchLabels['kubernetes.io/metadata.name']);
      const allowed = PUBLIC_SERVICES.includes(name) ? ['ingress-nginx', 'monitoring'] : ['monitoring'];
      assert.deepEqual([...new Set(fromOtherNamespaces)].sort(), allowed, `${name}: reachable from namespaces`);
      if (name === 'provider-simulator') {
        const peers = applying.flatMap((p) => p.spec.ingress ?? []).flatMap((rule) => rule.from ?? []).filter((peer) => peer.podSelector);
        const callers = peers.flatMap((peer) => peer.podSelector.matchExpressions?.flatMap((e) => e.values) ?? [JSON.stringify(peer.podSelector)]);
        assert.deepEqual(callers.sort(), ['gateway-service', 'storage-service', 'webhook-service'], 'only the services that call a provider reach the simulator');
      }
    }
  });
}


/**
 * The REST paths of a module: each resource class's @Path, and that joined with each of its methods' @Path;
 * adminOnly when the class allows the admin role alone (@RolesAllowed(Roles.ADMIN) or ("admin")).
 */
function resources(module) {
  const files = (dir) => readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : name.endsWith('.java') ? [path] : [];
  });
  const sources = join(ROOT, module, 'src', 'main', 'java');
  if (!existsSync(sources)) return [];
  return files(sources).map((file) => readFileSync(file, 'utf8'))
    .filter((source) => !/@RegisterRestClient/.test(source))
    .flatMap((source) => {
      const root = source.match(/^@Path\("([^"]+)"\)/m)?.[1];
      if (!root) return [];
      const adminOnly = /^@RolesAllowed\((Roles\.ADMIN|"admin")\)/m.test(source);
      const under = (a, b) => `${a.replace(/\/$/, '')}/${b.replace(/^\//, '')}`;
      const methods = [...source.matchAll(/^\s+@Path\("([^"]+)"\)/gm)].map((m) => under(root, m[1]));
      return [root, ...methods].map((path) => ({ path, adminOnly }));
    });
}

const resourcePaths = (module) => resources(module).map(({ path }) => path);

test('docs/deploy.md names every variable that compose or the manifests set, and every key of kiln-secrets', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'deploy.md'), 'utf8');
  const variables = new Set(modules.flatMap((module) => [...environmentOf(compose[module]).keys()]));
  const secretKeys = new Set();
  for (const objects of Object.values(built)) {
    for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
      const [container] = deployment.spec.template.spec.containers;
      for (const name of environmentNames(objects, container)) variables.add(name);
      for (const { valueFrom } of container.env ?? []) if (valueFrom?.secretKeyRef) secretKeys.add(valueFrom.secretKeyRef.key);
    }
  }
  assert.deepEqual([...variables].filter((name) => !doc.includes(`\`${name}\``)), [], 'variables missing from docs/deploy.md');
  assert.deepEqual([...secretKeys].filter((key) => !doc.includes(`\`${key}\``)), [], 'secret keys missing from docs/deploy.md');
});

test("README's Deploy table names exactly the variables each service's production profile requires", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Deploy'), readme.indexOf('\n## ', readme.indexOf('## Deploy') + 1));
  for (const module of modules) {
    const row = section.split('\n').find((line) => line.startsWith(`| ${module} |`));
    assert.ok(row, `README's Deploy table has a row for ${module}`);
    const required = [...row.split('|')[2].matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1]).sort();
    assert.deepEqual(required, [...requiredEnvironmentVariables(module)].sort(), `${module}: the "required" column`);
  }
});
