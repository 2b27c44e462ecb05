import type { Actor } from '../auth/actor';
import type { LoginThrottle } from '../auth/login-throttle';
import type { RequestScope } from '../common/request-scope';
import type { Config } from '../config';
import type { ChangeHub } from '../db/changes/change-hub';
import type { DataContext } from '../db/context';
import type { Mailer } from '../common/mailer';
import type { JobQueue } from '../db/queue/job-queue';
import type { NoticeFeed } from '../db/queue/notice-feed';
import type { Logger } from '../logger';
import type { NotificationWriter } from './notifications/notification.kinds';
import type { AccountEvents } from './accounts/account-events';
import type { ReleaseCache } from './releases/release.cache';

/**
 * What every resolver and service receives: who asks, in which language, how to reach the data, and
 * the services the app holds (services never reach for a global). Built once per request (and once
 * per WebSocket connection) by the server.
 */
export interface RequestContext extends DataContext {
  /** The request's id and language, computed once when it arrived (once per connection for WebSockets). */
  scope: RequestScope;
  log: Logger;
  config: Config;
  actor: Actor | null;
  /** The caller's network address, as the socket or a trusted proxy gives it. */
  clientAddress: string;
  loginThrottle: LoginThrottle;
  /** This instance's feed of committed changes, for subscriptions. */
  changes: ChangeHub;
  /** What this instance keeps of published releases. */
  releaseCache: ReleaseCache;
  /** The job queue shared by every instance (timed work, notifications, mail, webhooks). */
  queue: JobQueue;
  /** This instance's feed of committed notifications, for subscriptions. */
  notices: NoticeFeed;
  /** Null when SMTP_URL is unset: nothing is mailed. */
  mailer: Mailer | null;
  /** The message catalogue's texts of notifications. */
  writeNotification: NotificationWriter;
  /** Account events (a reset link asked for by email), for the parts of the service that act on them. */
  accountEvents: AccountEvents;
  /** PUBLIC_URL, else the address the service listens on: the base of every link it hands out. */
  publicUrl: string;
}
