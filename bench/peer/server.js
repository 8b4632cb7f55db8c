// The peer of ./stack bench (issue 9): the gateway many teams write instead of Kiln's, Fastify + BullMQ on the same
// Redis. POST /v1/predictions validates the body with Fastify's JSON schema, adds a BullMQ job (the job's data is the
// submission; its id is the prediction's) and answers 201 with the prediction; GET /v1/predictions/:id reads the job
// back and its state, as BullMQ's own docs show a status endpoint. Nothing processes the jobs: a worker would compete
// with the gateway for the same two cores, and the bench measures the submit and status paths only.
//
//   PEER_PORT (8092), PEER_QUEUE (the queue's name, the bench's run id), KILN_REDIS_PORT (6379)
//   node server.js            answers until SIGTERM; node server.js --obliterate removes the queue and exits
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';

const port = Number(process.env.PEER_PORT ?? 8092);
// BullMQ's queue needs a client that waits for Redis rather than failing a command (maxRetriesPerRequest: null).
const connection = new IORedis({ host: 'localhost', port: Number(process.env.KILN_REDIS_PORT ?? 6379),
  db: Number(process.env.KILN_REDIS_DB ?? 0), maxRetriesPerRequest: null });
const queue = new Queue(process.env.PEER_QUEUE ?? 'bench-peer', { connection, prefix: 'kiln:bench:peer' });

if (process.argv.includes('--obliterate')) {
  await queue.obliterate({ force: true });
  await queue.close();
  await connection.quit();
  process.exit(0);
}

const submission = {
  type: 'object',
  required: ['task', 'mode', 'input'],
  additionalProperties: false,
  properties: {
    task: { type: 'string', enum: ['jersey'] },
    mode: { type: 'string', enum: ['speed', 'quality', 'scene'] },
    input: {
      type: 'object',
      required: ['prompt'],
      properties: {
        prompt: { type: 'string', minLength: 1, maxLength: 500 },
        team_name: { type: 'string', maxLength: 40 },
        player_name: { type: 'string', maxLength: 40 },
        number: { type: 'string', pattern: '^[0-9]{1,2}$' },
        primary_color: { type: 'string', pattern: '^#[0-9A-Fa-f]{6}$' },
        secondary_color: { type: 'string', pattern: '^#[0-9A-Fa-f]{6}$' },
        style: { type: 'string', enum: ['classic', 'modern', 'retro'] },
      },
    },
  },
};

const STATES = { waiting: 'starting', delayed: 'starting', prioritized: 'starting', active: 'processing',
  completed: 'succeeded', failed: 'failed' };
const view = (job, state) => ({ id: job.id, task: job.data.task, mode: job.data.mode, status: STATES[state] ?? state,
  input: job.data.input, created_at: new Date(job.timestamp).toISOString() });

const app = Fastify({ logger: false });
app.post('/v1/predictions', { schema: { body: submission } }, async (request, reply) => {
  const job = await queue.add('predict', request.body, { jobId: randomUUID(), removeOnComplete: 3600 });
  return reply.code(201).send(view(job, 'waiting'));
});
app.get('/v1/predictions/:id', async (request, reply) => {
  const job = await queue.getJob(request.params.id);
  if (!job) return reply.code(404).send({ title: 'Not Found', status: 404 });
  return view(job, await job.getState());
});
app.get('/health', async () => ({ status: 'UP' }));

process.on('SIGTERM', () => app.close().then(() => queue.close()).then(() => connection.quit()).then(() => process.exit(0)));
await app.listen({ port, host: '127.0.0.1' });
