/**
 * Test resources for the real infrastructure. Each one first looks for the server that {@code ./stack} started
 * (an environment variable, else the default port answering on localhost) and, only when there is none and a
 * Docker engine answers, starts a Testcontainers container instead. The same test runs both ways; nothing here
 * mocks Kafka, PostgreSQL, Redis or S3.
 */
package dev.kiln.testing;
