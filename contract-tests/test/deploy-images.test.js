// Each service's image follows the Quarkus convention: src/main/docker/Dockerfile.jvm on a UBI 9 OpenJDK runtime no
// older than the Java release the build compiles for, the four fast-jar layers, run-java.sh, the service's port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/contract.js';
import { serviceModules, httpPort } from '../lib/service-config.js';

const javaRelease = Number(readFileSync(join(ROOT, 'pom.xml'), 'utf8').match(/<maven\.compiler\.release>(\d+)</)[1]);

for (const module of serviceModules()) {
  test(`${module}: src/main/docker/Dockerfile.jvm in the Quarkus convention, exposing quarkus.http.port`, () => {
    const dockerfile = readFileSync(join(ROOT, module, 'src', 'main', 'docker', 'Dockerfile.jvm'), 'utf8');
    const instructions = dockerfile.split('\n').filter((line) => /^[A-Z]+\s/.test(line));
    const from = instructions.filter((line) => line.startsWith('FROM '));
    assert.equal(from.length, 1, 'one stage: the jars are built by Maven first');
    const jdk = from[0].match(/^FROM registry\.access\.redhat\.com\/ubi9\/openjdk-(\d+)-runtime:[\d.]+(-[\d.]+)?$/);
    assert.ok(jdk, `${from[0]}: a pinned UBI 9 OpenJDK runtime`);
    assert.ok(Number(jdk[1]) >= javaRelease, `JDK ${jdk[1]} runs Java ${javaRelease} classes`);
    for (const layer of ['lib/', '*.jar', 'app/', 'quarkus/']) {
      assert.ok(instructions.some((line) => line.startsWith(`COPY --chown=185 target/quarkus-app/${layer} /deployments/`)), `layer ${layer}`);
    }
    assert.ok(instructions.includes(`EXPOSE ${httpPort(module)}`), `EXPOSE ${httpPort(module)}`);
    assert.equal(instructions.filter((line) => line.startsWith('USER ')).at(-1), 'USER 185', 'runs as 185, not root');
    assert.ok(instructions.includes('ENV JAVA_APP_JAR="/deployments/quarkus-run.jar"'));
    assert.ok(instructions.some((line) => line.startsWith('ENV JAVA_OPTS_APPEND=') && line.includes('-Dquarkus.http.host=0.0.0.0')));
    assert.ok(instructions.includes('ENTRYPOINT [ "/opt/jboss/container/java/run/run-java.sh" ]'));
  });

  test(`${module}: .dockerignore sends only target/quarkus-app to the build`, () => {
    const lines = readFileSync(join(ROOT, module, '.dockerignore'), 'utf8').split('\n').filter((line) => line && !line.startsWith('#'));
    assert.deepEqual(lines, ['*', '!target/quarkus-app/']);
  });
}
