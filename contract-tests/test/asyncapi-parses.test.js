// docs/asyncapi.yaml is a valid AsyncAPI 3.0 document for the official parser.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Parser, fromFile, DiagnosticSeverity } from '@asyncapi/parser';
import { ASYNCAPI, rawDocument } from '../lib/contract.js';

let parsed;
before(async () => {
  parsed = await fromFile(new Parser(), ASYNCAPI).parse();
});

const described = (severity) => parsed.diagnostics.filter((d) => d.severity === severity)
  .map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);

test('docs/asyncapi.yaml is AsyncAPI 3.0 and the official parser reports no error', () => {
  assert.match(String(rawDocument().asyncapi), /^3\.0\.\d+$/);
  assert.deepEqual(described(DiagnosticSeverity.Error), []);
  assert.ok(parsed.document, 'the parser returned a document');
});

test('the official parser reports no warning either', () => {
  assert.deepEqual(described(DiagnosticSeverity.Warning), []);
});

test('the parsed document applies the record trait: every event is keyed by the prediction id', () => {
  for (const message of parsed.document.components().messages()) {
    if (message.id() === 'dead-letter') continue;
    assert.equal(message.bindings().get('kafka')?.value().key?.pattern, rawDocument().components.schemas.PredictionId.pattern,
      message.id());
  }
});
