import { registerEnumType } from 'type-graphql';
import { Country, ThemeStatus } from '../../common/enums';

// The double-majority rule: per committee, quorum when at least quorumShare of its voting members
// cast a ballot (ABSTAIN counts), majority when FOR > AGAINST; ADOPTED when both committees reach
// both. Free of I/O so that it is tested on its own.

export enum VoteOutcome { PENDING = 'PENDING', ADOPTED = 'ADOPTED', REJECTED = 'REJECTED' }

registerEnumType(VoteOutcome, {
  name: 'VoteOutcome',
  valuesConfig: {
    PENDING: { description: 'No decision: the vote is open, not opened yet, or the theme was withdrawn before one.' },
  },
});

/** What one committee's voting seats did on one theme. */
export interface CommitteeCount {
  country: Country;
  /** PRESIDENT and MEMBER seats of the committee. */
  eligible: number;
  for: number;
  against: number;
  abstain: number;
}

export interface CommitteeVerdict {
  quorumReached: boolean;
  majorityFor: boolean;
}

/**
 * Quorum: ballots cast (ABSTAIN included) >= quorumShare × eligible; a committee with no voter has none.
 * The share has two decimals (numeric(3, 2)): compared in hundredths, so that 0.33 × 100 is not 33.000000000000004.
 */
export function committeeVerdict(count: CommitteeCount, quorumShare: number): CommitteeVerdict {
  const cast = count.for + count.against + count.abstain;
  const hundredths = Math.round(quorumShare * 100);
  return {
    quorumReached: count.eligible > 0 && cast * 100 >= hundredths * count.eligible,
    majorityFor: count.for > count.against,
  };
}

/** ADOPTED only when the French and the Japanese committee each reach quorum with a majority FOR. */
export function decideOutcome(counts: CommitteeCount[], quorumShare: number): VoteOutcome.ADOPTED | VoteOutcome.REJECTED {
  const both = [Country.FR, Country.JP].every((country) => counts.some((c) => c.country === country));
  const allAgree = counts.every((count) => {
    const verdict = committeeVerdict(count, quorumShare);
    return verdict.quorumReached && verdict.majorityFor;
  });
  return both && allAgree ? VoteOutcome.ADOPTED : VoteOutcome.REJECTED;
}

/** What the tally reports: the stored decision once settled, PENDING before. */
export function reportedOutcome(status: ThemeStatus): VoteOutcome {
  if (status === ThemeStatus.ADOPTED) return VoteOutcome.ADOPTED;
  if (status === ThemeStatus.REJECTED) return VoteOutcome.REJECTED;
  return VoteOutcome.PENDING;
}

/** A vote whose deadline has passed but that nobody has settled yet. */
export const voteHasEnded = (theme: { status: ThemeStatus; votingClosesAt: Date | null }, now: Date): boolean =>
  theme.status === ThemeStatus.VOTING && theme.votingClosesAt !== null && theme.votingClosesAt.getTime() <= now.getTime();

/** Ballots are accepted while the theme is VOTING and before its deadline, if it has one. */
export const voteIsOpen = (theme: { status: ThemeStatus; votingClosesAt: Date | null }, now: Date): boolean =>
  theme.status === ThemeStatus.VOTING && !voteHasEnded(theme, now);
