// The production overlay's PodMonitor makes the Prometheus Operator scrape what the services serve: /q/metrics
// (docs/metrics.md) on the port named "http" of exactly the Deployments whose metrics the catalogue lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT } from '../lib/contract.js';
import { build, overlayDir } from '../lib/kustomize.js';
import { productionProperties, serviceModules } from '../lib/service-config.js';
import { schemaErrors } from '../lib/manifest-schemas.js';

const objects = build(overlayDir(ROOT, 'production'));
const monitors = objects.filter((o) => o.kind === 'PodMonitor');

/** Whether a label selector (matchLabels and matchExpressions In/NotIn/Exists/DoesNotExist) selects these labels. */
function selects(selector, labels) {
  const matchLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const expressions = (selector.matchExpressions ?? []).every(({ key, operator, values }) => ({
    In: () => values.includes(labels[key]),
    NotIn: () => !values.includes(labels[key]),
    Exists: () => key in labels,
    DoesNotExist: () => !(key in labels),
  }[operator])());
  return matchLabels && expressions;
}

/** The Prometheus path of a service: Quarkus' non-application root and Micrometer's export path. */
function metricsPath(module) {
  const properties = productionProperties(module);
  const root = (properties.get('quarkus.http.non-application-root-path') ?? 'q').replace(/^\/|\/$/g, '');
  const path = (properties.get('quarkus.micrometer.export.prometheus.path') ?? 'metrics').replace(/^\/|\/$/g, '');
  return `/${root}/${path}`;
}

test('production has one PodMonitor, valid against the Prometheus Operator CRD, in the services\' namespace', async () => {
  assert.equal(monitors.length, 1);
  assert.deepEqual(await schemaErrors(monitors[0]), []);
  assert.equal(monitors[0].metadata.namespace, 'kiln');
});

test('the PodMonitor selects exactly the pods of the four services and scrapes their port http at their metrics path', () => {
  const [monitor] = monitors;
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  const selected = deployments.filter((d) => selects(monitor.spec.selector, d.spec.template.metadata.labels))
    .map((d) => d.metadata.name).sort();
  const services = serviceModules().filter((module) => module !== 'provider-simulator');
  assert.deepEqual(selected, services);
  assert.equal(monitor.spec.podMetricsEndpoints.length, 1);
  const [endpoint] = monitor.spec.podMetricsEndpoints;
  for (const deployment of deployments) {
    const [container] = deployment.spec.template.spec.containers;
    assert.ok(container.ports.some((port) => port.name === endpoint.port), `${deployment.metadata.name} has port ${endpoint.port}`);
    assert.equal(endpoint.path, metricsPath(deployment.metadata.name), deployment.metadata.name);
  }
});

test('the PodMonitor validator has teeth: a wrong type is refused', async () => {
  const [monitor] = monitors;
  assert.notDeepEqual(await schemaErrors({ ...monitor, spec: { ...monitor.spec, podMetricsEndpoints: 'http' } }), []);
});
