import { Client } from 'pg';
import PgBoss from 'pg-boss';
import type { Logger } from '../../logger';
import type { DataContext } from '../context';

// The job queue, kept in PostgreSQL by pg-boss 10 (the last major that runs on Node 20). pg-boss
// creates and migrates its own schema (`pgboss`) when an instance starts, under an advisory lock, so
// instances starting together do not race. Jobs are fetched with FOR UPDATE SKIP LOCKED: each runs
// on one instance; a job whose instance stopped mid-way expires after `timeoutSeconds` and is retried
// by whichever instance maintains the queue next.

const LATEST_START = new Date('9000-01-01T00:00:00Z');

/** What a module asks the queue to run: a named kind of job, and how often to retry it. */
export interface JobKind<D extends object = object> {
  name: string;
  /** Attempts after the first; the delay grows exponentially from `retryDelaySeconds`. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  run(data: D, job: { id: string; retryCount: number }): Promise<void>;
}

export interface QueueOptions {
  /** An active job older than this is taken as abandoned (its instance stopped) and retried. */
  timeoutSeconds: number;
  /** How often abandoned jobs are looked for. */
  maintenanceSeconds: number;
  /** How often each instance looks for due jobs; a job queued for now wakes every instance at once. */
  pollingSeconds: number;
}

/** The NOTIFY channel on which a committed job wakes the instances' workers of its kind. */
const QUEUED_CHANNEL = 'job_queued';

export interface EnqueueOptions {
  /** Not before this instant of the wall clock (the database's). */
  startAfter?: Date;
  /** At most one job with this key waiting at a time. */
  singletonKey?: string;
}

/** The advisory lock under which an instance sets the queues up (any number, unique to this use). */
const QUEUE_SETUP_LOCK = 7_351_260_016;

/** Jobs fetched at once by an instance, and run side by side. */
const BATCH = 20;

export class JobQueue {
  private boss: PgBoss | undefined;
  private readonly kinds = new Map<string, JobKind<any>>();
  private readonly workers = new Map<string, string>();
  private listener: Client | undefined;

  constructor(private readonly log: Logger, private readonly options: QueueOptions) {}

  /** Creates the queue's tables and the kinds' queues if needed: jobs may be queued from then on. */
  async start(url: string, kinds: readonly JobKind<any>[]): Promise<void> {
    const boss = new PgBoss({
      connectionString: url,
      application_name: 'rencontres-programme-queue',
      max: 4,
      expireInSeconds: this.options.timeoutSeconds,
      maintenanceIntervalSeconds: this.options.maintenanceSeconds,
      monitorStateIntervalSeconds: 60,
    });
    boss.on('error', (error) => this.log.warn({ err: error }, 'job queue error'));
    await boss.start();
    this.boss = boss;
    // Instances starting together deadlock in createQueue (each queue is a partition of pg-boss's
    // job table): one instance at a time creates or updates the queues, under an advisory lock.
    const lock = new Client({ connectionString: url, application_name: 'rencontres-programme-queue' });
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [QUEUE_SETUP_LOCK]);
      for (const kind of kinds) {
        this.kinds.set(kind.name, kind);
        const options = { name: kind.name, retryLimit: kind.retryLimit ?? 5, retryDelay: kind.retryDelaySeconds ?? 2, retryBackoff: true };
        if (await boss.getQueue(kind.name)) await boss.updateQueue(kind.name, options);
        else await boss.createQueue(kind.name, options);
      }
    } finally {
      await lock.end();
    }
  }

  /** Starts running the jobs that are due, here and on every other instance working on the queue. */
  async work(url: string): Promise<void> {
    const boss = this.boss!;
    const listener = new Client({ connectionString: url, application_name: 'rencontres-programme-queue' });
    listener.on('notification', (message) => {
      const worker = message.payload && this.workers.get(message.payload);
      if (worker) boss.notifyWorker(worker);
    });
    // A lost listener only delays jobs until the next poll.
    listener.on('error', (error) => this.log.warn({ err: error }, 'job queue listener lost its connection; polling only'));
    await listener.connect();
    await listener.query(`LISTEN ${QUEUED_CHANNEL}`);
    this.listener = listener;
    for (const kind of this.kinds.values()) {
      // A batch at a time, each job on its own: one failing is retried alone; a full batch is followed
      // at once by the next instead of after the polling interval.
      const worker: string = await boss.work<object>(
        kind.name,
        { pollingIntervalSeconds: this.options.pollingSeconds, includeMetadata: true, batchSize: BATCH },
        async (jobs) => {
          const results = await Promise.allSettled(jobs.map((job) => kind.run(job.data, { id: job.id, retryCount: job.retryCount })));
          const failed = jobs.filter((_, i) => results[i].status === 'rejected');
          for (const job of failed) {
            const reason = (results[jobs.indexOf(job)] as PromiseRejectedResult).reason;
            await boss.fail(kind.name, job.id, { message: reason instanceof Error ? reason.message : String(reason) });
          }
          // pg-boss completes the batch's jobs that are still active, that is those that succeeded.
          if (jobs.length === BATCH) boss.notifyWorker(worker);
        },
      );
      this.workers.set(kind.name, worker);
    }
  }

  /**
   * Queues a job in the transaction of `tx`: it exists once that transaction commits, and never if
   * it rolls back. pg-boss writes it through the transaction's own connection.
   */
  async enqueue(tx: DataContext, name: string, data: object, options: EnqueueOptions = {}): Promise<string | null> {
    if (!this.boss) throw new Error('the job queue is not started');
    if (!this.kinds.has(name)) throw new Error(`no job kind ${name}`);
    const runner = tx.manager.queryRunner;
    if (!runner?.isTransactionActive) throw new Error(`job ${name} queued outside a transaction`);
    const db: PgBoss.Db = { executeSql: async (text, values) => ({ rows: (await runner.query(text, values, true)).records }) };
    // Far-future times (a deadline in year 9999) overflow pg-boss's own date arithmetic: such a job starts at
    // LATEST_START instead, and its runner, finding it early, queues it again.
    const startAfter = options.startAfter && options.startAfter > LATEST_START ? LATEST_START : options.startAfter;
    const id = await this.boss.send(name, data, { ...options, startAfter, db });
    // Delivered when the transaction commits: the workers of every instance fetch it then, not at their next poll.
    if (!startAfter || startAfter.getTime() <= Date.now()) await runner.query(`SELECT pg_notify('${QUEUED_CHANNEL}', $1)`, [name]);
    return id;
  }

  /** Queues many jobs of one kind for now, in one statement, in the transaction of `tx` (as `enqueue`). */
  async enqueueMany(tx: DataContext, name: string, data: object[]): Promise<void> {
    if (!data.length) return;
    if (!this.boss) throw new Error('the job queue is not started');
    if (!this.kinds.has(name)) throw new Error(`no job kind ${name}`);
    const runner = tx.manager.queryRunner;
    if (!runner?.isTransactionActive) throw new Error(`jobs ${name} queued outside a transaction`);
    const db: PgBoss.Db = { executeSql: async (text, values) => ({ rows: (await runner.query(text, values, true)).records }) };
    await this.boss.insert(data.map((item) => ({ name, data: item })), { db });
    await runner.query(`SELECT pg_notify('${QUEUED_CHANNEL}', $1)`, [name]);
  }

  /** Stops fetching; waits up to `waitMs` for the jobs in hand (the rest expire and are retried elsewhere). */
  async stop(waitMs = 5_000): Promise<void> {
    const boss = this.boss;
    this.boss = undefined;
    const listener = this.listener;
    this.listener = undefined;
    listener?.removeAllListeners();
    listener?.on('error', () => undefined);
    await listener?.end().catch(() => undefined);
    await boss?.stop({ graceful: waitMs > 0, timeout: Math.max(waitMs, 1), wait: true, close: true });
  }
}
