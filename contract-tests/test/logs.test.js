// Production logs are JSON, one object per line, for a log collector; the local profile (./stack, tests, dev mode)
// keeps the plain lines people read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/contract.js';

for (const service of ['gateway-service', 'webhook-service', 'credits-service', 'storage-service']) {
  test(`${service} logs JSON in production and plain lines in the local profile`, () => {
    const pom = readFileSync(join(ROOT, service, 'pom.xml'), 'utf8');
    assert.match(pom, /<artifactId>quarkus-logging-json<\/artifactId>/, `${service}/pom.xml: quarkus-logging-json`);
    const properties = readFileSync(join(ROOT, service, 'src/main/resources/application.properties'), 'utf8')
      .split('\n').map((line) => line.trim());
    assert.ok(properties.includes('%local.quarkus.log.console.json.enabled=false'), `${service}: plain lines locally`);
    const offEverywhere = properties.filter((line) => /^quarkus\.log\.console\.json(\.enabled)?\s*=\s*false/.test(line));
    assert.deepEqual(offEverywhere, [], `${service}: JSON logs switched off in production`);
  });
}
