import type { FastifyInstance } from 'fastify';
import type { InProcessJobQueue } from './in-process-job-queue';
import { QUEUE_NAMES, type QueueJobStatus, type QueueName } from './job-queue';

export interface BoardQueue {
  name: QueueName;
  readOnlyMode: boolean;
  counts: Record<QueueJobStatus, number>;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The queue dashboard of a process without Redis: the in-process queues and
 * how many jobs each holds per state, as a page (`/`) and as JSON
 * (`/api/queues`, the shape bull-board answers there). It offers no actions:
 * in-process jobs live and retry inside this one process.
 */
export function inProcessBoard(queue: InProcessJobQueue, title: string) {
  const queues = (): BoardQueue[] =>
    QUEUE_NAMES.map((name) => ({ name, readOnlyMode: true, counts: queue.counts(name) }));
  return async (scope: FastifyInstance): Promise<void> => {
    scope.get('/api/queues', async (_request, reply) =>
      reply.header('Cache-Control', 'no-store').send({ queues: queues() }),
    );
    // Actions exist on Bull only: the dashboard's read-only check answers them before this does.
    scope.route({
      method: ['DELETE', 'PATCH', 'POST', 'PUT'],
      url: '/*',
      handler: async (_request, reply) => reply.status(404).send(),
    });
    scope.get('/', async (_request, reply) => {
      const rows = queues()
        .map(
          (q) =>
            `<tr><th scope="row">${q.name}</th>${(['queued', 'running', 'completed', 'failed'] as const)
              .map((s) => `<td>${q.counts[s]}</td>`)
              .join('')}</tr>`,
        )
        .join('');
      const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><h1>${escapeHtml(title)}</h1>
<p>This server runs its jobs in process (no Redis): jobs of the last day, by state. Nothing can be changed here.</p>
<table><thead><tr><th scope="col">queue</th><th scope="col">queued</th><th scope="col">running</th><th scope="col">completed</th><th scope="col">failed</th></tr></thead>
<tbody>${rows}</tbody></table></body></html>`;
      return reply.header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(html);
    });
  };
}
