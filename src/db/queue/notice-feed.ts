import { EventEmitter, on } from 'node:events';
import { Client } from 'pg';
import type { Logger } from '../../logger';

/** What a notice carries: whom it is for, and the id of the row to read. */
export interface Notice {
  to: string;
  id: string;
}

/**
 * One LISTEN connection per instance on one channel: a NOTIFY sent in a transaction reaches every
 * instance once that transaction commits, and the feed hands it to this instance's listeners of
 * `to` (a person). Notices sent while the connection was lost are not replayed: the rows stay listed.
 */
export class NoticeFeed {
  private readonly emitter = new EventEmitter();
  private client: Client | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(readonly channel: string, private readonly log: Logger) {
    this.emitter.setMaxListeners(0);
  }

  async start(url: string): Promise<void> {
    const client = new Client({ connectionString: url, application_name: `rencontres-programme-${this.channel}` });
    client.on('notification', (message) => {
      if (message.channel !== this.channel || !message.payload) return;
      try {
        const notice = JSON.parse(message.payload) as Notice;
        this.emitter.emit(notice.to, notice);
      } catch (error) {
        this.log.warn({ err: error }, 'unreadable notice');
      }
    });
    const reconnect = () => {
      if (this.closed || this.retry || this.client !== client) return;
      this.client = undefined;
      client.removeAllListeners();
      client.on('error', () => undefined);
      this.retry = setTimeout(() => {
        this.retry = undefined;
        this.start(url).catch(() => reconnect());
      }, 1_000);
    };
    client.on('error', (error) => {
      this.log.warn({ err: error }, `${this.channel} listener lost its connection; reconnecting`);
      reconnect();
    });
    client.on('end', reconnect);
    await client.connect();
    await client.query(`LISTEN ${this.channel}`);
    this.client = client;
  }

  /** The notices for `to`, as they commit; ends when the subscriber leaves (return()). */
  subscribe(to: string): AsyncIterableIterator<Notice> {
    const events = on(this.emitter, to);
    return {
      async next() {
        const result = await events.next();
        return result.done ? { done: true, value: undefined } : { done: false, value: result.value[0] as Notice };
      },
      async return() {
        await events.return?.();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    client?.removeAllListeners();
    client?.on('error', () => undefined);
    await client?.end().catch(() => undefined);
  }
}
