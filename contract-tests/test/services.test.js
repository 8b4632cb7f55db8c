// The operations of docs/asyncapi.yaml are what the services are configured to do: operation ids read
// "<module>.<send|receive>.<topic>", and each service's application.properties names the topics of its channels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rawDocument, kafkaServices, kafkaWiring } from '../lib/contract.js';

const document = rawDocument();
const addressOf = (ref) => document.channels[decodeURIComponent(ref.replace('#/channels/', ''))]?.address;

function documented(service) {
  const sends = new Set();
  const receives = new Set();
  for (const [id, operation] of Object.entries(document.operations)) {
    if (!id.startsWith(`${service}.`)) continue;
    const topic = addressOf(operation.channel.$ref);
    assert.ok(topic, `operation ${id} refers to a channel of the document`);
    assert.equal(id, `${service}.${operation.action}.${topic}`, `operation ${id} is named after what it does`);
    (operation.action === 'send' ? sends : receives).add(topic);
  }
  return { sends, receives };
}

const services = kafkaServices();

test('the Kafka services are found', () => {
  assert.deepEqual([...services].sort(), ['credits-service', 'gateway-service', 'storage-service', 'webhook-service']);
});

for (const service of services) {
  test(`${service}: the document's send and receive operations are the topics its configuration wires`, () => {
    const wired = kafkaWiring(service);
    const { sends, receives } = documented(service);
    assert.deepEqual([...receives].sort(), [...wired.receives].sort(), 'receives');
    assert.deepEqual([...sends].sort(), [...wired.sends, ...wired.deadLetters].sort(), 'sends, dead letters included');
  });

  test(`${service}: every topic it receives has its dead letters go to <topic>.dlq`, () => {
    const wired = kafkaWiring(service);
    assert.deepEqual([...wired.deadLetters].sort(), [...wired.receives].map((topic) => `${topic}.dlq`).sort());
  });
}

test('every operation belongs to one of the Kafka services', () => {
  const strays = Object.keys(document.operations).filter((id) => !services.some((s) => id.startsWith(`${s}.`)));
  assert.deepEqual(strays, []);
});
