import { EventEmitter, on } from 'node:events';
import { Client } from 'pg';
import type { PubSub } from 'type-graphql';
import type { Logger } from '../../logger';
import { PROGRAM_CHANNEL } from './change-trail';

export interface ChangeNotice {
  editionId: string;
  eventId: string;
  /** What changed (e.g. Ballot): enough to skip an event a subscriber may not see without reading it. */
  entityType: string;
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
  private lastEventId: bigint | undefined;
  private readonly delivered = new Set<string>();

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
        this.deliver(notice);
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
    await this.catchUp(client);
    this.log.info('listening for committed changes');
  }

  private reconnect(delay = 500): void {
    if (this.closed || this.retry) return;
    const lost = this.client;
    this.client = undefined;
    lost?.removeAllListeners();
    // A dead connection may still report errors: they are expected now, not to crash the process.
    lost?.on('error', () => undefined);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.start().catch(() => this.reconnect(Math.min(delay * 2, 10_000)));
    }, delay);
  }

  /**
   * Changes committed while the listener was away are read from the audit trail itself, so that a
   * lost connection loses no event. The first start only notes where the trail stands.
   */
  private async catchUp(client: Client): Promise<void> {
    if (this.lastEventId === undefined) {
      const { rows } = await client.query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM change_event');
      this.lastEventId = BigInt(rows[0].id);
      return;
    }
    const { rows } = await client.query<{ id: string; edition_id: string; entity_type: string }>(
      'SELECT id::text AS id, edition_id, entity_type FROM change_event WHERE id > $1 AND edition_id IS NOT NULL ORDER BY id',
      [this.lastEventId.toString()],
    );
    if (rows.length) this.log.info({ missed: rows.length }, 'delivering changes committed while the listener was away');
    for (const row of rows) this.deliver({ editionId: row.edition_id, eventId: row.id, entityType: row.entity_type });
  }

  /** Each event once, whether it came by NOTIFY or by catching up. */
  private deliver(notice: ChangeNotice): void {
    const id = String(notice.eventId);
    if (this.delivered.has(id)) return;
    this.delivered.add(id);
    if (this.delivered.size > 10_000) this.delivered.delete(this.delivered.values().next().value!);
    const numeric = BigInt(id);
    if (this.lastEventId === undefined || numeric > this.lastEventId) this.lastEventId = numeric;
    this.publish(notice.editionId, notice);
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
