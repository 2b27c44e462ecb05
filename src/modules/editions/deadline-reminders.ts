import { inTransaction } from '../../db/context';
import type { RequestContext } from '../context';
import type { ModuleJob } from '../module';
import { NotificationKind } from '../notifications/notification.kinds';
import { editionFacts, linkTo, notify, wallClockAt } from '../notifications/notification.service';
import { Edition } from './edition.entity';

// Reminders 7 days and 1 day before an edition's deadlines, to the representatives of authorities
// that have submitted nothing yet. Each job carries the deadline it was queued for: a deadline moved
// since queues new reminders, and the old ones find it changed and do nothing.

const REMINDER_JOB = 'editions.deadline-reminder';
const DAY = 24 * 3_600_000;
const DAYS_BEFORE = [7, 1];

type DeadlineKind = 'SUGGESTION' | 'PARTICIPATION';
const FIELD: Record<DeadlineKind, 'suggestionDeadline' | 'participationDeadline'> = {
  SUGGESTION: 'suggestionDeadline',
  PARTICIPATION: 'participationDeadline',
};
/** What an authority submits before each deadline. */
const SUBMITTED: Record<DeadlineKind, string> = { SUGGESTION: 'suggestion', PARTICIPATION: 'participation' };

interface Reminder {
  editionId: string;
  deadline: DeadlineKind;
  at: string;
  daysBefore: number;
}

/** In the transaction that sets an edition's deadlines: queues the reminders of those that changed and are still ahead. */
export async function scheduleReminders(tx: RequestContext, before: Edition | null, after: Edition): Promise<void> {
  for (const deadline of Object.keys(FIELD) as DeadlineKind[]) {
    const at = after[FIELD[deadline]];
    if (!at || (before && before[FIELD[deadline]]?.getTime() === at.getTime())) continue;
    for (const daysBefore of DAYS_BEFORE) {
      const remindAt = new Date(at.getTime() - daysBefore * DAY);
      if (remindAt <= tx.now()) continue;
      const reminder: Reminder = { editionId: after.id, deadline, at: at.toISOString(), daysBefore };
      await tx.queue.enqueue(tx, REMINDER_JOB, reminder, { startAfter: wallClockAt(tx, remindAt) });
    }
  }
}

async function remind(ctx: RequestContext, reminder: Reminder): Promise<void> {
  const edition = await ctx.manager.findOne(Edition, { where: { id: reminder.editionId } });
  const at = edition?.[FIELD[reminder.deadline]];
  // Moved or removed since: the reminders of the new deadline were queued then.
  if (!at || at.toISOString() !== reminder.at) return;
  const remindAt = new Date(at.getTime() - reminder.daysBefore * DAY);
  await inTransaction(ctx, async (tx) => {
    // The service's clock is behind the queue's (a test's clock): come back when it reads the reminder's time.
    if (remindAt > tx.now()) return void (await tx.queue.enqueue(tx, REMINDER_JOB, reminder, { startAfter: wallClockAt(tx, remindAt) }));
    if (at <= tx.now()) return;
    const recipients = ((await tx.manager.query(
      `SELECT p.id FROM person p
        WHERE p.role = 'LOCAL_AUTHORITY'
          AND NOT EXISTS (SELECT 1 FROM ${SUBMITTED[reminder.deadline]} s WHERE s.edition_id = $1 AND s.local_authority_id = p.local_authority_id)`,
      [edition!.id],
    )) as Array<{ id: string }>).map((row) => row.id);
    await notify(tx, {
      kind: NotificationKind.DEADLINE_APPROACHING,
      editionId: edition!.id,
      entityType: Edition.name,
      entityId: edition!.id,
      facts: { edition: await editionFacts(tx, edition!.id), deadline: reminder.deadline, at: reminder.at, link: linkTo(tx, '/graphql') },
      recipients,
    });
  });
}

export const reminderJobs: ModuleJob<any>[] = [{ name: REMINDER_JOB, run: (ctx, data: Reminder) => remind(ctx, data) }];
