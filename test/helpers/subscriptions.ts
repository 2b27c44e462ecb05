import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { TestApp } from './app';

// Subscriptions over WebSocket. graphql-ws acknowledges a connection, never a subscription: a
// subscription is known to be live once it has heard a change, so the tests make harmless changes
// ("probes") until one is heard, within explicit bounds, instead of waiting a fixed time.

/** A graphql-ws client of an origin (http://host:port), signed in with `token` when given; no retries. */
export function wsClient(origin: string, token?: string): Client {
  return createClient({
    url: `${origin.replace(/^http/, 'ws').replace(/\/graphql$/, '')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { Authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
  });
}

export interface ProbeBounds {
  /** Probes made at most before giving up. */
  attempts?: number;
  /** How long each probe is waited for before the next one is made, in ms. */
  wait?: number;
}

/**
 * `outcome` once it settles, calling `probe` (a change the subscription should hear) until then:
 * at most `attempts` probes, each waited for `wait` ms. Rejects when none was heard by then.
 */
export async function untilHeard<T>(outcome: Promise<T>, probe: () => Promise<unknown>, { attempts = 40, wait = 250 }: ProbeBounds = {}): Promise<T> {
  let settled = false;
  const watched = outcome.finally(() => (settled = true));
  for (let attempt = 0; attempt < attempts && !settled; attempt++) {
    await probe();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([watched.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, wait)))]);
    clearTimeout(timer);
  }
  if (!settled) throw new Error(`the subscription heard none of ${attempts} probes within ${(attempts * wait) / 1000} s`);
  return watched;
}

export interface ProgramEvent {
  id: string;
  [field: string]: any;
}

export interface ProgramFeed {
  /** Every event heard since the feed went live, in the order heard (probes excluded). */
  readonly events: ProgramEvent[];
  /**
   * Waits until every change of the edition committed so far has been heard, then gives the events
   * heard since the previous call (or since the feed went live). A refused change is checked by
   * making an allowed one after it: commits are delivered in order, so whatever the refused one
   * announced would be heard before. Rejects after `within` ms, or when the subscription fails.
   */
  caughtUp(within?: number): Promise<ProgramEvent[]>;
  close(): Promise<void>;
}

/**
 * A live `programChanged` subscription of `editionId` on `origin` (the test app's unless given),
 * selecting `fields` besides the event's id. `probe` makes a change of that edition.
 */
export async function programFeed(
  t: TestApp,
  options: { token: string; editionId: string; probe: () => Promise<unknown>; origin?: string; fields?: string; bounds?: ProbeBounds },
): Promise<ProgramFeed> {
  const client = wsClient(options.origin ?? t.app.origin, options.token);
  const heard: ProgramEvent[] = [];
  let failure: unknown;
  let notify = () => undefined as void;
  const changed = () => notify();
  const firstHeard = new Promise<void>((resolve, reject) => {
    notify = () => (failure === undefined ? resolve() : reject(failure));
  });
  client.subscribe(
    { query: `subscription ($id: ID!) { programChanged(editionId: $id) { id ${options.fields ?? ''} } }`, variables: { id: options.editionId } },
    {
      next: (message) => {
        if (message.errors?.length) failure = message.errors;
        else heard.push((message.data as { programChanged: ProgramEvent }).programChanged);
        changed();
      },
      error: (error) => {
        failure = error ?? new Error('the subscription failed');
        changed();
      },
      complete: () => {
        failure ??= new Error('the subscription ended');
        changed();
      },
    },
  );
  const newest = async () =>
    BigInt((await t.db.query(`SELECT coalesce(max(id), 0)::text AS id FROM change_event WHERE edition_id = $1`, [options.editionId])).rows[0].id);
  try {
    await untilHeard(firstHeard, options.probe, options.bounds);
  } catch (error) {
    await client.dispose();
    throw error;
  }
  // Probes heard late are the trail's events up to here: they are left out.
  const live = await newest();
  const events = () => heard.filter((event) => BigInt(event.id) > live);
  let given = 0;
  return {
    get events() {
      return events();
    },
    async caughtUp(within = 10_000) {
      const target = await newest();
      const deadline = Date.now() + within;
      while (!heard.some((event) => BigInt(event.id) >= target) && target > live) {
        if (failure !== undefined) throw failure instanceof Error ? failure : new Error(JSON.stringify(failure));
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`event ${target} of the trail was not heard within ${within} ms; heard ${events().map((e) => e.id).join(', ') || 'nothing'}`);
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          notify = resolve;
          timer = setTimeout(resolve, left);
        });
        clearTimeout(timer);
      }
      const all = events();
      const since = all.slice(given);
      given = all.length;
      return since;
    },
    close: () => client.dispose() as Promise<void>,
  };
}
