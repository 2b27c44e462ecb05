import { EventEmitter, on } from 'node:events';
import { Client } from 'pg';
import type { PubSub } from 'type-graphql';
import { ChangeAction } from '../../common/enums';
import type { Logger } from '../../logger';
import { ChangeEvent } from './change-event.entity';
import { PROGRAM_CHANNEL } from './change-trail';

/** Events read from the trail per statement, by the hub and by a follower catching up. */
const PAGE = 500;
/** The latest events the hub keeps, so that a follower a little behind catches up without a read. */
const RECENT = 1_000;
/** Events queued for one follower that does not take them; beyond, it re-reads from its cursor. */
const QUEUE_LIMIT = 1_000;

// Ordered by the column, not by the text it is selected as ("10" < "9").
const COLUMNS = `id::text AS id, position::text AS position, edition_id, at, actor_id, action, entity_type, entity_id, changes`;

interface EventRow {
  id: string;
  position: string;
  edition_id: string | null;
  at: Date;
  actor_id: string | null;
  action: ChangeAction;
  entity_type: string;
  entity_id: string;
  changes: ChangeEvent['changes'];
}

const eventOf = (row: EventRow): ChangeEvent =>
  Object.assign(new ChangeEvent(), {
    id: row.id, position: row.position, editionId: row.edition_id, at: row.at, actorId: row.actor_id,
    action: row.action, entityType: row.entity_type, entityId: row.entity_id, changes: row.changes,
  });

/** Thrown by reads while the hub is closed: nothing more will come. */
class HubClosed extends Error {}

/** One subscriber's place in the feed of one edition. */
class Follower {
  /** Events after `mark`, in feed order, not yet taken. */
  readonly queue: ChangeEvent[] = [];
  /** The position of the last event queued or taken: only later ones are queued. */
  mark: bigint;
  /** True while the follower must read the trail from `mark` before it can take live events again. */
  behind: boolean;
  wake: (() => void) | undefined;
  done = false;

  constructor(readonly editionId: string, mark: bigint, behind: boolean) {
    this.mark = mark;
    this.behind = behind;
  }

  offer(event: ChangeEvent, position: bigint): void {
    if (this.behind || position <= this.mark) return;
    if (this.queue.length >= QUEUE_LIMIT) {
      // A follower that does not keep up costs no memory: it reads what it missed from the trail.
      this.behind = true;
    } else {
      this.queue.push(event);
      this.mark = position;
    }
    this.wake?.();
  }
}

/**
 * The change feed of one instance. Every event of the trail has a `position`, given when its
 * transaction commits (migrations/1764400000000-change-feed-position.ts), so the trail read in
 * position order is one order every instance agrees on, and "every event after position P" never
 * misses one that commits later. The hub holds one LISTEN connection: each NOTIFY (and each
 * reconnection) makes it read the trail after its cursor, once for all of this instance's
 * subscribers, who take the events in position order. A subscriber may start after any position
 * (its client's cursor): it reads what it missed from the trail, then takes live events. While the
 * database is away the hub and its subscribers wait; nothing is lost, since the trail is the source.
 */
export class ChangeHub implements PubSub {
  private readonly emitter = new EventEmitter();
  private readonly followers = new Map<string, Set<Follower>>();
  private client: Client | undefined;
  private url: string | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  private connected: Promise<void> | undefined;
  private onConnected: (() => void) | undefined;
  /** The position of the last event handed to followers. */
  private cursor: bigint | undefined;
  /** The last events handed out, and the position after which they are complete. */
  private recent: ChangeEvent[] = [];
  private recentFloor = 0n;
  private pumping = false;
  private pumpAgain = false;
  /** Statements the hub ran on the trail, for tests and the soak: the per-instance read count. */
  reads = 0;

  constructor(private readonly log: Logger) {
    this.emitter.setMaxListeners(0);
    this.resetConnected();
  }

  private resetConnected(): void {
    this.connected = new Promise<void>((resolve) => (this.onConnected = resolve));
  }

  /** Starts listening on the database at `url`; until then, the hub delivers nothing. */
  async start(url: string = this.url!): Promise<void> {
    this.url = url;
    const client = new Client({ connectionString: url, application_name: 'rencontres-programme-listen' });
    client.on('notification', (message) => {
      if (message.channel !== PROGRAM_CHANNEL) return;
      // The payload is the event's position: one already read (with others, by an earlier read) costs nothing.
      const position = /^\d+$/.test(message.payload ?? '') ? BigInt(message.payload!) : undefined;
      if (position === undefined || this.cursor === undefined || position > this.cursor) this.pump();
    });
    client.on('error', (error) => {
      this.log.warn({ err: error }, 'change listener lost its connection; reconnecting');
      this.reconnect(client);
    });
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${PROGRAM_CHANNEL}`);
      if (this.cursor === undefined) {
        const { rows } = await client.query<{ position: string }>('SELECT coalesce(max(position), 0)::text AS position FROM change_event');
        this.cursor = this.recentFloor = BigInt(rows[0].position);
      }
    } catch (error) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) return void (await client.end().catch(() => undefined));
    this.client = client;
    this.onConnected!();
    // Whatever committed while the listener was away is read now.
    this.pump();
    this.log.info('listening for committed changes');
  }

  private reconnect(lost: Client, delay = 500): void {
    if (this.client !== lost && this.client !== undefined) return;
    if (this.client === lost) {
      this.client = undefined;
      this.resetConnected();
    }
    lost.removeAllListeners();
    // A dead connection may still report errors: they are expected now, not to crash the process.
    lost.on('error', () => undefined);
    // One that failed a read but lives on is closed, not leaked.
    lost.end().catch(() => undefined);
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.start().catch((error) => {
        this.log.warn({ err: error }, 'change listener cannot reconnect yet');
        this.retryLater(Math.min(delay * 2, 10_000));
      });
    }, delay);
  }

  private retryLater(delay: number): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.start().catch(() => this.retryLater(Math.min(delay * 2, 10_000)));
    }, delay);
  }

  /** Runs a read on the listener's connection, waiting for it through outages. */
  private async read(sql: string, params: unknown[]): Promise<ChangeEvent[]> {
    for (;;) {
      if (this.closed) throw new HubClosed();
      const client = this.client;
      if (!client) {
        await this.connected;
        continue;
      }
      try {
        this.reads++;
        const { rows } = await client.query<EventRow>(sql, params);
        return rows.map(eventOf);
      } catch (error) {
        // The connection died under the read: the next one reads again, from the same cursor.
        if (this.client === client) this.reconnect(client);
        this.log.debug({ err: error }, 'change feed read failed; reading again once reconnected');
      }
    }
  }

  /** Reads the trail after the cursor and hands each event out, until it has read all there is. */
  private pump(): void {
    if (this.pumping) return void (this.pumpAgain = true);
    this.pumping = true;
    (async () => {
      do {
        this.pumpAgain = false;
        let page: ChangeEvent[];
        do {
          page = await this.read(`SELECT ${COLUMNS} FROM change_event WHERE position > $1 ORDER BY change_event.position LIMIT ${PAGE}`, [this.cursor!.toString()]);
          for (const event of page) this.dispatch(event);
        } while (page.length === PAGE);
      } while (this.pumpAgain);
    })()
      .catch((error) => {
        if (!(error instanceof HubClosed)) this.log.error({ err: error }, 'change feed stopped');
      })
      .finally(() => (this.pumping = false));
  }

  private dispatch(event: ChangeEvent): void {
    const position = BigInt(event.position);
    if (position <= this.cursor!) return;
    this.cursor = position;
    this.recent.push(event);
    if (this.recent.length > RECENT) this.recentFloor = BigInt(this.recent.shift()!.position);
    if (!event.editionId) return;
    for (const follower of this.followers.get(event.editionId) ?? []) follower.offer(event, position);
  }

  /**
   * The events of one edition in feed order, from after the position `after` (a client's cursor)
   * or, without one, from now on; ends when the subscriber leaves (return()).
   */
  follow(editionId: string, after?: string): AsyncIterableIterator<ChangeEvent> {
    const hub = this;
    const follower = new Follower(editionId, after === undefined ? this.cursor ?? 0n : BigInt(after), after !== undefined);
    let set = this.followers.get(editionId);
    if (!set) this.followers.set(editionId, (set = new Set()));
    set.add(follower);
    const leave = () => {
      follower.done = true;
      follower.queue.length = 0;
      follower.wake?.();
      set!.delete(follower);
      if (!set!.size && this.followers.get(editionId) === set) this.followers.delete(editionId);
    };
    return {
      async next(): Promise<IteratorResult<ChangeEvent>> {
        for (;;) {
          if (follower.done) return { done: true, value: undefined };
          const event = follower.queue.shift();
          if (event) return { done: false, value: event };
          if (follower.behind) {
            try {
              await hub.catchUp(follower);
            } catch (error) {
              if (error instanceof HubClosed) return { done: true, value: undefined };
              throw error;
            }
            continue;
          }
          await new Promise<void>((resolve) => (follower.wake = resolve));
          follower.wake = undefined;
        }
      },
      async return(): Promise<IteratorResult<ChangeEvent>> {
        leave();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /** Brings a follower that is behind up to the hub: from the recent events if they reach back far enough, else from the trail. */
  private async catchUp(follower: Follower): Promise<void> {
    if (this.cursor !== undefined && follower.mark >= this.recentFloor) {
      for (const event of this.recent) {
        if (event.editionId === follower.editionId && BigInt(event.position) > follower.mark) {
          follower.queue.push(event);
          follower.mark = BigInt(event.position);
        }
      }
      // Synchronously with the copy: every later event is offered to it live.
      if (this.cursor > follower.mark) follower.mark = this.cursor;
      follower.behind = false;
      return;
    }
    const page = await this.read(
      `SELECT ${COLUMNS} FROM change_event WHERE edition_id = $1 AND position > $2 ORDER BY change_event.position LIMIT ${PAGE}`,
      [follower.editionId, follower.mark.toString()],
    );
    if (follower.done) return;
    for (const event of page) follower.queue.push(event);
    if (page.length) follower.mark = BigInt(page[page.length - 1].position);
    // A trail read may run ahead of the hub: the hub then skips what the follower already has.
    if (page.length < PAGE && this.cursor !== undefined && follower.mark >= this.cursor) follower.behind = false;
  }

  /** Hands a message to this instance's subscribers of `topic` (type-graphql's PubSub). */
  publish(topic: string, payload: unknown): void {
    this.emitter.emit(topic, payload);
  }

  /** Messages of one topic, as they are published; ends when the subscriber leaves (return()). */
  subscribe(topic: string): AsyncIterableIterator<unknown> {
    const events = on(this.emitter, topic);
    return {
      async next() {
        const result = await events.next();
        return result.done ? { done: true, value: undefined } : { done: false, value: result.value[0] };
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
    this.onConnected?.();
    for (const set of this.followers.values()) for (const follower of set) (follower.done = true), follower.wake?.();
    const client = this.client;
    this.client = undefined;
    client?.removeAllListeners();
    client?.on('error', () => undefined);
    await client?.end().catch(() => undefined);
  }
}
