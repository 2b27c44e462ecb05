import { demandSignedIn, Right } from '../../auth/rights';
import { BadUserInput, problem } from '../../common/errors';
import { Locale } from '../../common/enums';
import { inTransaction } from '../../db/context';
import { isUuid } from '../../db/loaders';
import type { RequestContext } from '../context';
import type { ModuleJob } from '../module';
import { Notification, NotificationSettings } from './notification.entity';
import { NotificationFacts, NotificationKind } from './notification.kinds';

// Notifications are decided in the transaction of the change that causes them (who gets what, with
// which facts) and queued there as one job; the job writes one row per recipient in their language,
// announces each on NOTIFICATION_CHANNEL and queues its mail. This module reads no other module: the
// modules that notify import it, and hand it the recipients and the facts.

/** The NOTIFY channel that carries new notifications to every instance's subscribers. */
export const NOTIFICATION_CHANNEL = 'notification_added';

export const DELIVER_JOB = 'notifications.deliver';
export const MAIL_JOB = 'notifications.mail';

export interface NotificationEvent {
  kind: NotificationKind;
  editionId: string | null;
  entityType: string | null;
  entityId: string | null;
  facts: NotificationFacts;
  /** Person ids; each gets at most one notification of the event. */
  recipients: string[];
}

/** Queues the event's notifications in the transaction of `tx`: none if it rolls back. */
export async function notify(tx: RequestContext, event: NotificationEvent): Promise<void> {
  const recipients = [...new Set(event.recipients)];
  if (!recipients.length) return;
  await tx.queue.enqueue(tx, DELIVER_JOB, { ...event, recipients });
}

// --- who gets what (PRODUCT.md, "Notifications, reminders, webhooks") ---------------------------------

const ids = async (tx: RequestContext, sql: string, params: unknown[]): Promise<string[]> =>
  ((await tx.manager.query(sql, params)) as Array<{ id: string }>).map((row) => row.id);

/** Everyone with a seat on one of the edition's committees. */
export const committeesOf = (tx: RequestContext, editionId: string) =>
  ids(tx, `SELECT DISTINCT m.person_id AS id FROM committee_member m JOIN committee c ON c.id = m.committee_id WHERE c.edition_id = $1`, [editionId]);

/** The voting seats (presidents and members) of the edition's committees that cast no ballot on the theme. */
export const votersWithoutBallot = (tx: RequestContext, editionId: string, themeId: string) =>
  ids(
    tx,
    `SELECT DISTINCT m.person_id AS id FROM committee_member m JOIN committee c ON c.id = m.committee_id
      WHERE c.edition_id = $1 AND m.role IN ('PRESIDENT', 'MEMBER')
        AND NOT EXISTS (SELECT 1 FROM ballot b WHERE b.theme_id = $2 AND b.voter_id = m.person_id)`,
    [editionId, themeId],
  );

/** A release's readers: everyone seated on the edition's committees, and the representatives of every authority with a form. */
export const releaseReaders = (tx: RequestContext, editionId: string) =>
  ids(
    tx,
    `SELECT m.person_id AS id FROM committee_member m JOIN committee c ON c.id = m.committee_id WHERE c.edition_id = $1
     UNION
     SELECT p.id FROM person p JOIN participation f ON f.local_authority_id = p.local_authority_id
      WHERE f.edition_id = $1 AND f.status <> 'CANCELLED' AND p.role = 'LOCAL_AUTHORITY'`,
    [editionId],
  );

export const admins = (tx: RequestContext) => ids(tx, `SELECT id FROM person WHERE role = 'ADMIN'`, []);

/** The facts every notification of an edition tells: its number, title and zone. */
export async function editionFacts(tx: RequestContext, editionId: string): Promise<NonNullable<NotificationFacts['edition']>> {
  const [row] = (await tx.manager.query(`SELECT number, title, time_zone FROM edition WHERE id = $1`, [editionId])) as Array<{
    number: number;
    title: NotificationFacts['title'] & object;
    time_zone: string;
  }>;
  return { number: row.number, title: row.title, timeZone: row.time_zone };
}

/** A link into the service, from PUBLIC_URL (never from a request's Host). */
export const linkTo = (ctx: RequestContext, path: string) => `${ctx.publicUrl}${path}`;

/** The wall-clock instant at which the service's clock reads `at`: the same in production; tests move the service's clock, the queue keeps to the wall clock. */
export const wallClockAt = (ctx: RequestContext, at: Date) => new Date(Date.now() + (at.getTime() - ctx.now().getTime()));

// --- the jobs -------------------------------------------------------------------------------------------

interface Recipient {
  id: string;
  email: string;
  locale: Locale;
  mail: boolean;
}

/** Writes the event's notifications, one per recipient who has not muted its kind, in their language. */
async function deliver(ctx: RequestContext, event: NotificationEvent, eventId: string): Promise<void> {
  const recipients: Recipient[] = await ctx.manager.query(
    `SELECT p.id, p.email, p.preferred_locale AS locale, coalesce(s.email, true) AS mail
       FROM person p LEFT JOIN notification_settings s ON s.person_id = p.id
      WHERE p.id = ANY($1::uuid[]) AND NOT coalesce($2 = ANY(s.muted), false)`,
    [event.recipients, event.kind],
  );
  if (!recipients.length) return;
  const texts = new Map<Locale, { subject: string; body: string }>();
  const textIn = (locale: Locale) => {
    if (!texts.has(locale)) {
      const text = ctx.writeNotification(event.kind, event.facts, locale);
      texts.set(locale, { subject: text.subject, body: `${text.body}\n\n${event.facts.link}` });
    }
    return texts.get(locale)!;
  };
  await inTransaction(ctx, async (tx) => {
    const now = tx.now();
    // One statement: the rows (at most one per event and person, should the job run twice) and their NOTIFY.
    const rows: Array<{ id: string; person_id: string }> = await tx.manager.query(
      `WITH n AS (
         INSERT INTO notification (person_id, event_id, kind, edition_id, subject, body, link, entity_type, entity_id, created_at)
         SELECT r.person_id, $2, $3, $4, r.subject, r.body, $5, $6, $7, $8
           FROM unnest($1::uuid[], $9::text[], $10::text[]) AS r(person_id, subject, body)
         ON CONFLICT (event_id, person_id) DO NOTHING
         RETURNING id, person_id)
       SELECT n.id, n.person_id, pg_notify('${NOTIFICATION_CHANNEL}', json_build_object('to', n.person_id, 'id', n.id)::text) FROM n`,
      [
        recipients.map((r) => r.id), eventId, event.kind, event.editionId, event.facts.link, event.entityType, event.entityId, now,
        recipients.map((r) => textIn(r.locale).subject), recipients.map((r) => textIn(r.locale).body),
      ],
    );
    if (!tx.mailer) return;
    const mailed = new Set(recipients.filter((r) => r.mail).map((r) => r.id));
    await tx.queue.enqueueMany(tx, MAIL_JOB, rows.filter((row) => mailed.has(row.person_id)).map((row) => ({ notificationId: row.id })));
  });
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
const LANG: Record<Locale, string> = { FR: 'fr', JA: 'ja', EN: 'en' };

/** Mails one notification, once: a notification already emailed is not sent again. */
async function mail(ctx: RequestContext, { notificationId }: { notificationId: string }): Promise<void> {
  if (!ctx.mailer) return;
  const [row] = (await ctx.manager.query(
    `SELECT n.subject, n.body, n.link, n.emailed_at, p.email, p.preferred_locale AS locale
       FROM notification n JOIN person p ON p.id = n.person_id WHERE n.id = $1`,
    [notificationId],
  )) as Array<{ subject: string; body: string; link: string | null; emailed_at: Date | null; email: string; locale: Locale }>;
  if (!row || row.emailed_at) return;
  // The body ends with its link: in HTML, that paragraph is the link itself.
  const paragraphs = row.body.split(/\n{2,}/).map((p) =>
    p === row.link ? `<p><a href="${escapeHtml(p)}">${escapeHtml(p)}</a></p>` : `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`,
  );
  await ctx.mailer.send({
    to: row.email,
    subject: row.subject,
    text: `${row.body}\n`,
    html: `<!doctype html><html lang="${LANG[row.locale]}"><body>${paragraphs.join('')}</body></html>`,
    language: LANG[row.locale],
    unsubscribe: linkTo(ctx, '/graphql#notification-settings'),
  });
  await ctx.manager.query(`UPDATE notification SET emailed_at = $2 WHERE id = $1`, [notificationId, ctx.now()]);
}

export const notificationJobs: ModuleJob<any>[] = [
  { name: DELIVER_JOB, retryLimit: 10, retryDelaySeconds: 1, run: (ctx, data: NotificationEvent, job) => deliver(ctx, data, job.id) },
  // Mail servers refuse for a while (greylisting, outages): retried with growing delays, for about a day.
  { name: MAIL_JOB, retryLimit: 15, retryDelaySeconds: 2, run: (ctx, data: { notificationId: string }) => mail(ctx, data) },
];

// --- what a person reads and sets ------------------------------------------------------------------------

export async function myNotifications(ctx: RequestContext, unreadOnly: boolean, limit: number): Promise<Notification[]> {
  demandSignedIn(ctx, Right.ManageOwnNotifications);
  if (limit < 1 || limit > 200) throw BadUserInput.field('limit', problem('range', { min: 1, max: 200 }));
  const qb = ctx.manager
    .createQueryBuilder(Notification, 'n')
    .where('n.person_id = :person', { person: ctx.actor!.person.id })
    .orderBy('n.created_at', 'DESC')
    .addOrderBy('n.id', 'DESC')
    .limit(limit);
  if (unreadOnly) qb.andWhere('n.read_at IS NULL');
  return qb.getMany();
}

/** Marks the caller's notifications read (all of them when `ids` is null); how many changed. */
export async function markRead(ctx: RequestContext, ids: string[] | null | undefined): Promise<number> {
  demandSignedIn(ctx, Right.ManageOwnNotifications);
  if (ids) {
    const bad = ids.findIndex((id) => !isUuid(id));
    if (bad >= 0) throw BadUserInput.field(`ids.${bad}`, problem('invalid'));
  }
  const [, count] = (await ctx.manager.query(
    `UPDATE notification SET read_at = $3 WHERE person_id = $1 AND read_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))`,
    [ctx.actor!.person.id, ids ?? null, ctx.now()],
  )) as [unknown, number];
  return count;
}

export async function settingsOf(ctx: RequestContext): Promise<NotificationSettings> {
  demandSignedIn(ctx, Right.ManageOwnNotifications);
  const personId = ctx.actor!.person.id;
  const found = await ctx.manager.findOne(NotificationSettings, { where: { personId } });
  return found ?? Object.assign(new NotificationSettings(), { personId, email: true, muted: [] });
}

export async function updateSettings(ctx: RequestContext, input: { email?: boolean | null; muted?: NotificationKind[] | null }): Promise<NotificationSettings> {
  demandSignedIn(ctx, Right.ManageOwnNotifications);
  if (input.email === null) throw BadUserInput.field('input.email', problem('cannotBeCleared'));
  if (input.muted === null) throw BadUserInput.field('input.muted', problem('cannotBeCleared'));
  const rows: Array<{ email: boolean; muted: NotificationKind[] }> = await ctx.manager.query(
    `INSERT INTO notification_settings (person_id, email, muted) VALUES ($1, coalesce($2, true), coalesce($3::text[], '{}'))
     ON CONFLICT (person_id) DO UPDATE SET email = coalesce($2, notification_settings.email), muted = coalesce($3::text[], notification_settings.muted)
     RETURNING email, muted`,
    [ctx.actor!.person.id, input.email ?? null, input.muted ? [...new Set(input.muted)] : null],
  );
  return Object.assign(new NotificationSettings(), { personId: ctx.actor!.person.id, ...rows[0] });
}
