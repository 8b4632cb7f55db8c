// The messages of docs/asyncapi.yaml keep their own promises: examples match their schemas (the parser does not
// check that), ce_type is the message's name, and the prediction id's pattern is stated once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { ASYNCAPI, rawDocument } from '../lib/contract.js';

const document = rawDocument();
const messages = Object.entries(document.components.messages);
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...document, $id: 'asyncapi' });
const validator = (pointer) => ajv.getSchema(`asyncapi#${pointer}`);
const errorsOf = (validate) => (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);

test('every message is named as its key, and its channels list it under that name', () => {
  for (const [key, message] of messages) assert.equal(message.name, key);
  for (const channel of Object.values(document.channels)) {
    for (const [key, message] of Object.entries(channel.messages)) {
      assert.equal(message.$ref, `#/components/messages/${key}`, `${channel.address}: ${key}`);
    }
  }
});

test("every event's headers require ce_type to be the event's name", () => {
  for (const [key, message] of messages.filter(([key]) => key !== 'dead-letter')) {
    const validate = validator(`/components/messages/${key}/headers`);
    const headers = { ce_specversion: '1.0', ce_id: 'x', ce_source: 'gateway-service', ce_time: '2026-11-28T10:00:00Z' };
    assert.ok(validate({ ...headers, ce_type: key }), `${key}: ${errorsOf(validate)}`);
    assert.ok(!validate({ ...headers, ce_type: `${key}.other` }), `${key} refuses another ce_type`);
  }
});

test('every example matches its message: payload and headers', () => {
  let checked = 0;
  for (const [key, message] of messages) {
    (message.examples ?? []).forEach((example, index) => {
      for (const part of ['payload', 'headers']) {
        if (example[part] === undefined) continue;
        const validate = validator(`/components/messages/${key}/${part}`);
        assert.ok(validate(example[part]), `${key} example ${index} ${part}: ${errorsOf(validate).join('; ')}`);
        checked++;
      }
    });
  }
  assert.ok(checked >= 10, `${checked} example parts checked`);
});

test('the prediction id pattern is stated once, and every prediction id refers to it', () => {
  const text = readFileSync(ASYNCAPI, 'utf8');
  assert.equal(text.split('[a-z2-7]{26}').length - 1, 1, 'one copy of the pattern');
  const ref = '#/components/schemas/PredictionId';
  for (const [name, schema] of Object.entries(document.components.schemas)) {
    if (schema.properties?.prediction_id) assert.equal(schema.properties.prediction_id.$ref, ref, name);
  }
  assert.equal(document.components.schemas.CloudEventHeaders.properties.ce_subject.$ref, ref);
  assert.equal(document.components.messageTraits.kilnRecord.bindings.kafka.key.$ref, ref);
  const validId = validator('/components/schemas/PredictionId');
  const examples = [...text.matchAll(/(?:prediction_id: |ce_subject: |predictions\/)([a-z0-9]+)/g)].map((m) => m[1]);
  assert.ok(examples.length >= 10, 'the examples carry prediction ids');
  for (const id of examples) assert.ok(validId(id), `example id ${id} is a valid prediction id`);
  assert.ok(validId('7q3xk2m4d4hwbz6f5n3c5rjtaa'));
  assert.ok(!validId('7q3xk2m9d4hwbz6f1n8c5rjt0a'), 'digits 0, 1, 8 and 9 are not base32');
});
