import { EventEmitter, on } from 'node:events';
import { Client } from 'pg';
import type { PubSub } from 'type-graphql';
import type { Logger } from '../logger';
import { PROGRAM_CHANNEL } from '../modules/audit/audit.service';

export interface ChangeNotice {
  editionId: string;
  eventId: string;
}

/**
 * One LISTEN connection per instance: PostgreSQL delivers each committed change's NOTIFY to every
 * instance sharing the database, and the hub hands it to this instance's subscribers of that edition.
 */
export class ChangeHub implements PubSub {
  private readonly emitter = new EventEmitter();
  private client: Client | undefined;
  private url: string | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly log: Logger) {
    this.emitter.setMaxListeners(0);
  }

  /** Starts listening on the database at `url`; until then, the hub delivers nothing. */
  async start(url: string = this.url!): Promise<void> {
    this.url = url;
    const client = new Client({ connectionString: url, application_name: 'rencontres-programme-listen' });
    client.on('notification', (message) => {
      if (message.channel !== PROGRAM_CHANNEL || !message.payload) return;
      try {
        const notice = JSON.parse(message.payload) as ChangeNotice;
        this.publish(notice.editionId, notice);
      } catch (error) {
        this.log.warn({ err: error }, 'unreadable change notification');
      }
    });
    client.on('error', (error) => {
      this.log.warn({ err: error }, 'change listener lost its connection; reconnecting');
      this.reconnect();
    });
    client.on('end', () => this.reconnect());
    await client.connect();
    await client.query(`LISTEN ${PROGRAM_CHANNEL}`);
    this.client = client;
  }

  private reconnect(delay = 500): void {
    if (this.closed || this.retry) return;
    this.client?.removeAllListeners();
    this.client = undefined;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.start().catch(() => this.reconnect(Math.min(delay * 2, 10_000)));
    }, delay);
  }

  /** Hands a committed change to this instance's subscribers of its edition. */
  publish(editionId: string, notice: ChangeNotice): void {
    this.emitter.emit(editionId, notice);
  }

  /** Changes of one edition, as they commit; ends when the subscriber leaves (return()). */
  subscribe(editionId: string): AsyncIterableIterator<ChangeNotice> {
    const events = on(this.emitter, editionId);
    return {
      async next() {
        const result = await events.next();
        return result.done ? { done: true, value: undefined } : { done: false, value: result.value[0] as ChangeNotice };
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
