import { ThemeStatus } from '../../common/enums';
import { inTransaction } from '../../db/context';
import type { RequestContext } from '../context';
import type { ModuleJob } from '../module';
import { NotificationKind } from '../notifications/notification.kinds';
import { committeesOf, editionFacts, linkTo, notify, votersWithoutBallot, wallClockAt } from '../notifications/notification.service';
import { Theme } from './theme.entity';

// Timed work of votes: closing one at its deadline, reminding those who have not voted a day before,
// and what the committees are told when a vote opens or closes.

const CLOSE_VOTE_JOB = 'themes.close-vote';
const CLOSING_SOON_JOB = 'themes.vote-closing-soon';
const DAY = 24 * 3_600_000;

async function themeFacts(tx: RequestContext, theme: Theme, at: Date | null) {
  return { edition: await editionFacts(tx, theme.editionId), title: theme.title, at: at?.toISOString(), link: linkTo(tx, '/graphql') };
}

/** In the transaction that opens a vote: its closing and its reminder are queued, the voters told. */
export async function voteOpened(tx: RequestContext, theme: Theme): Promise<void> {
  if (theme.votingClosesAt) {
    await tx.queue.enqueue(tx, CLOSE_VOTE_JOB, { themeId: theme.id }, { startAfter: wallClockAt(tx, theme.votingClosesAt) });
    const remindAt = new Date(theme.votingClosesAt.getTime() - DAY);
    // A vote shorter than a day: its opening is its reminder.
    if (remindAt > tx.now()) {
      await tx.queue.enqueue(tx, CLOSING_SOON_JOB, { themeId: theme.id, closesAt: theme.votingClosesAt.toISOString() }, { startAfter: wallClockAt(tx, remindAt) });
    }
  }
  await notify(tx, {
    kind: NotificationKind.VOTE_OPENED,
    editionId: theme.editionId,
    entityType: Theme.name,
    entityId: theme.id,
    facts: await themeFacts(tx, theme, theme.votingClosesAt),
    recipients: await votersWithoutBallot(tx, theme.editionId, theme.id),
  });
}

/** In the transaction that settles a vote (by hand or at its deadline): both committees are told once. */
export async function voteClosed(tx: RequestContext, theme: Theme): Promise<void> {
  await notify(tx, {
    kind: NotificationKind.VOTE_CLOSED,
    editionId: theme.editionId,
    entityType: Theme.name,
    entityId: theme.id,
    facts: { ...(await themeFacts(tx, theme, theme.decidedAt)), outcome: theme.status },
    recipients: await committeesOf(tx, theme.editionId),
  });
}

/** The vote as it stands, or null once it is no longer open with this deadline (closed, withdrawn, moved). */
async function openVote(ctx: RequestContext, themeId: string, closesAt?: string): Promise<Theme | null> {
  const theme = await ctx.manager.findOne(Theme, { where: { id: themeId } });
  if (!theme || theme.status !== ThemeStatus.VOTING || !theme.votingClosesAt) return null;
  if (closesAt && theme.votingClosesAt.toISOString() !== closesAt) return null;
  return theme;
}

export function voteJobs(settle: (ctx: RequestContext, themeIds: string[]) => Promise<unknown>): ModuleJob<any>[] {
  return [
    {
      name: CLOSE_VOTE_JOB,
      async run(ctx, { themeId }: { themeId: string }) {
        const theme = await openVote(ctx, themeId);
        if (!theme) return;
        // The service's clock is behind the queue's (a test's clock): come back when it reads the deadline.
        if (theme.votingClosesAt!.getTime() > ctx.now().getTime()) {
          await inTransaction(ctx, (tx) => tx.queue.enqueue(tx, CLOSE_VOTE_JOB, { themeId }, { startAfter: wallClockAt(tx, theme.votingClosesAt!) }));
          return;
        }
        await settle(ctx, [themeId]);
      },
    },
    {
      name: CLOSING_SOON_JOB,
      async run(ctx, data: { themeId: string; closesAt: string }) {
        const theme = await openVote(ctx, data.themeId, data.closesAt);
        if (!theme || theme.votingClosesAt!.getTime() <= ctx.now().getTime()) return;
        await inTransaction(ctx, async (tx) => {
          const remindAt = new Date(theme.votingClosesAt!.getTime() - DAY);
          if (remindAt > tx.now()) return void (await tx.queue.enqueue(tx, CLOSING_SOON_JOB, data, { startAfter: wallClockAt(tx, remindAt) }));
          await notify(tx, {
            kind: NotificationKind.VOTE_CLOSING_SOON,
            editionId: theme.editionId,
            entityType: Theme.name,
            entityId: theme.id,
            facts: await themeFacts(tx, theme, theme.votingClosesAt),
            recipients: await votersWithoutBallot(tx, theme.editionId, theme.id),
          });
        });
      },
    },
  ];
}
