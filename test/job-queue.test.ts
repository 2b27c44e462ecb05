import pino from 'pino';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Loaders } from '../src/db/loaders';
import { JobQueue } from '../src/db/queue/job-queue';
import { createTestDatabase } from './helpers/database';

// The job queue every instance shares, on a real PostgreSQL: a job exists only if the transaction
// that queued it commits, runs once however many instances race for it, and one left half-done by a
// stopped instance is run by another.

const log = pino({ level: 'silent' });
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let dataSource: DataSource;
let db: Client;
const queues: JobQueue[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  dataSource = new DataSource({ type: 'postgres', url: database.url });
  await dataSource.initialize();
  db = new Client({ connectionString: database.url });
  await db.connect();
});
afterAll(async () => {
  for (const queue of queues) await queue.stop(0);
  await db?.end();
  await dataSource?.destroy();
  await database?.drop();
});

/** Waits for `check` to hold, looking every 100 ms, for at most `ms`. */
async function until(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function instance(runs: Array<{ id: string; n: number; instance: number }>, number: number) {
  const queue = new JobQueue(log, { timeoutSeconds: 60, maintenanceSeconds: 1, pollingSeconds: 0.5 });
  queues.push(queue);
  const kind = {
    name: 'test.record',
    retryLimit: 3,
    retryDelaySeconds: 1,
    async run(data: { n: number }, job: { id: string }) {
      runs.push({ id: job.id, n: data.n, instance: number });
    },
  };
  return { queue, start: () => queue.start(database.url, [kind]) };
}

/** A transaction as the service opens one, with the data context the queue takes. */
function inTransaction<T>(work: (tx: { dataSource: DataSource; manager: DataSource['manager']; loaders: Loaders; actor: null; now: () => Date }) => Promise<T>) {
  return dataSource.transaction((manager) => work({ dataSource, manager, loaders: new Loaders(manager), actor: null, now: () => new Date() }));
}

const jobsIn = async (state?: string) =>
  Number((await db.query(`SELECT count(*) FROM pgboss.job WHERE name = 'test.record' AND ($1::text IS NULL OR state::text = $1)`, [state ?? null])).rows[0].count);

describe('the job queue', () => {
  const runs: Array<{ id: string; n: number; instance: number }> = [];
  const a = instance(runs, 1);
  const b = instance(runs, 2);

  beforeAll(async () => {
    // Two instances creating the queue's schema at the same time.
    await Promise.all([a.start(), b.start()]);
  });

  it('keeps no job of a transaction that rolls back, and runs the one of a transaction that commits', async () => {
    await expect(
      inTransaction(async (tx) => {
        await a.queue.enqueue(tx, 'test.record', { n: -1 });
        expect(await jobsIn()).toBe(0); // not visible outside the transaction before it commits
        throw new Error('the change fails after queuing its job');
      }),
    ).rejects.toThrow('the change fails');
    expect(await jobsIn()).toBe(0);

    await inTransaction((tx) => a.queue.enqueue(tx, 'test.record', { n: 0 }));
    await a.queue.work();
    await until(() => runs.some((run) => run.n === 0));
    expect(runs.filter((run) => run.n === -1)).toEqual([]);
  });

  it('refuses to queue outside a transaction, where a rollback could not take the job back', async () => {
    await expect(a.queue.enqueue({ dataSource, manager: dataSource.manager, loaders: new Loaders(dataSource.manager), actor: null, now: () => new Date() }, 'test.record', { n: 1 }))
      .rejects.toThrow('outside a transaction');
  });

  it('runs each of 200 jobs exactly once while two instances race for them', async () => {
    await b.queue.work();
    await inTransaction(async (tx) => {
      for (let n = 1; n <= 200; n++) await a.queue.enqueue(tx, 'test.record', { n });
    });
    await until(() => runs.filter((run) => run.n >= 1).length >= 200);
    await until(async () => (await jobsIn('completed')) === 201);
    const numbers = runs.filter((run) => run.n >= 1).map((run) => run.n).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    // Both instances took their share.
    expect(new Set(runs.map((run) => run.instance))).toEqual(new Set([1, 2]));
  });
});

describe('an instance stopped in the middle of a job', () => {
  it('leaves the job to another instance, which runs it once the first one is given up', async () => {
    let started!: () => void;
    const hasStarted = new Promise<void>((resolve) => (started = resolve));
    const never = new Promise<void>(() => undefined);
    // The first instance takes the job and never finishes it; its jobs are given up after 2 s.
    const stuck = new JobQueue(log, { timeoutSeconds: 2, maintenanceSeconds: 1, pollingSeconds: 0.5 });
    queues.push(stuck);
    await stuck.start(database.url, [{ name: 'test.stuck', retryLimit: 3, retryDelaySeconds: 1, run: () => (started(), never) }]);
    await inTransaction((tx) => stuck.enqueue(tx, 'test.stuck', { n: 7 }));
    await stuck.work();
    await hasStarted;
    await stuck.stop(0);

    const done: string[] = [];
    const second = new JobQueue(log, { timeoutSeconds: 2, maintenanceSeconds: 1, pollingSeconds: 0.5 });
    queues.push(second);
    await second.start(database.url, [{ name: 'test.stuck', retryLimit: 3, retryDelaySeconds: 1, run: async (_data, job) => void done.push(job.id) }]);
    await second.work();
    await until(async () => (await db.query(`SELECT 1 FROM pgboss.job WHERE name = 'test.stuck' AND state = 'completed'`)).rowCount === 1, 30_000);
    const { rows } = await db.query(`SELECT state, retry_count FROM pgboss.job WHERE name = 'test.stuck'`);
    expect(rows).toEqual([{ state: 'completed', retry_count: 1 }]);
    expect(done).toHaveLength(1);
  }, 60_000);
});
