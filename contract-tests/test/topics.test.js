// The document's channels are exactly the topics that are created: deploy/kafka/topics.txt and each one's .dlq.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rawDocument, topics } from '../lib/contract.js';

const channels = Object.values(rawDocument().channels);

test('every topic of deploy/kafka/topics.txt and its .dlq is a channel of docs/asyncapi.yaml, and nothing else is', () => {
  const expected = topics().flatMap(({ name }) => [name, `${name}.dlq`]).sort();
  assert.ok(expected.length >= 2, 'deploy/kafka/topics.txt lists topics');
  assert.deepEqual(channels.map((channel) => channel.address).sort(), expected);
});

test("each channel's Kafka binding names its topic and the partitions it is created with", () => {
  const partitions = new Map(topics().flatMap(({ name, partitions: count }) => [[name, count], [`${name}.dlq`, 1]]));
  for (const channel of channels) {
    const kafka = channel.bindings?.kafka;
    assert.ok(kafka, `${channel.address} has a kafka binding`);
    assert.equal(kafka.topic, channel.address, `${channel.address}: binding topic`);
    assert.equal(kafka.partitions, partitions.get(channel.address), `${channel.address}: partitions`);
  }
});
