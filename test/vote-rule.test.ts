import { Country, ThemeStatus } from '../src/common/enums';
import { committeeVerdict, decideOutcome, reportedOutcome, voteHasEnded, voteIsOpen, VoteOutcome } from '../src/modules/themes/vote-rule';

// The double-majority rule on its own; test/themes.test.ts checks it again through the API.

/** eligible, for, against, abstain */
type Count = [number, number, number, number];
const count = (country: Country, [eligible, f, against, abstain]: Count) => ({ country, eligible, for: f, against, abstain });

describe('one committee: quorum and majority', () => {
  const cases: Array<[string, Count, number, boolean, boolean]> = [
    ['exactly half cast, with the default share', [4, 1, 0, 1], 0.5, true, true],
    ['one short of half', [5, 2, 0, 0], 0.5, false, true],
    ['an odd number of seats needs the half rounded up', [7, 3, 0, 0], 0.5, false, true],
    ['abstentions count towards quorum, not majority', [4, 0, 0, 4], 0.5, true, false],
    ['a tie is no majority', [4, 1, 1, 0], 0.5, true, false],
    ['more against than for', [3, 1, 2, 0], 0.5, true, false],
    ['no seat, no quorum, whatever the ballots', [0, 0, 0, 0], 0.5, false, false],
    ['a share of 1 needs everyone', [3, 2, 0, 0], 1, false, true],
    ['everyone, with a share of 1', [3, 2, 1, 0], 1, true, true],
    ['a share of 0.33 with 100 seats: 33 suffice (no floating-point surprise)', [100, 33, 0, 0], 0.33, true, true],
    ['a share of 0.29 with 100 seats: 28 do not', [100, 28, 0, 0], 0.29, false, true],
  ];

  it.each(cases)('%s', (_name, c, share, quorumReached, majorityFor) => {
    expect(committeeVerdict(count(Country.FR, c), share)).toEqual({ quorumReached, majorityFor });
  });
});

describe('both committees: the double majority', () => {
  const cases: Array<[string, Count, Count, VoteOutcome]> = [
    ['both reach quorum with a majority FOR', [4, 2, 1, 0], [4, 2, 0, 0], VoteOutcome.ADOPTED],
    ['the French committee misses its quorum', [4, 1, 0, 0], [4, 4, 0, 0], VoteOutcome.REJECTED],
    ['the Japanese committee misses its quorum', [4, 4, 0, 0], [4, 1, 0, 0], VoteOutcome.REJECTED],
    ['a tie in one committee', [4, 3, 0, 0], [4, 1, 1, 0], VoteOutcome.REJECTED],
    ['everyone abstains', [4, 0, 0, 4], [4, 0, 0, 4], VoteOutcome.REJECTED],
    ['one committee against', [4, 4, 0, 0], [4, 0, 3, 0], VoteOutcome.REJECTED],
    ['no ballot at all', [4, 0, 0, 0], [4, 0, 0, 0], VoteOutcome.REJECTED],
    ['a committee with no voting member', [4, 4, 0, 0], [0, 0, 0, 0], VoteOutcome.REJECTED],
    ['abstentions make the quorum, FOR the majority', [4, 1, 0, 1], [4, 1, 0, 2], VoteOutcome.ADOPTED],
  ];

  it.each(cases)('%s', (_name, fr, jp, outcome) => {
    expect(decideOutcome([count(Country.FR, fr), count(Country.JP, jp)], 0.5)).toBe(outcome);
  });

  it('never adopts with a single committee, however unanimous', () => {
    expect(decideOutcome([count(Country.FR, [4, 4, 0, 0])], 0.5)).toBe(VoteOutcome.REJECTED);
    expect(decideOutcome([], 0.5)).toBe(VoteOutcome.REJECTED);
  });

  it('applies the edition\'s share to each committee', () => {
    const counts = [count(Country.FR, [4, 3, 0, 0]), count(Country.JP, [4, 2, 0, 0])];
    expect(decideOutcome(counts, 0.5)).toBe(VoteOutcome.ADOPTED);
    expect(decideOutcome(counts, 0.75)).toBe(VoteOutcome.REJECTED);
  });
});

describe('the state of a vote', () => {
  const now = new Date('2024-06-01T00:00:00Z');
  const at = (iso: string | null) => (iso ? new Date(iso) : null);

  it.each([
    [ThemeStatus.VOTING, null, true, false],
    [ThemeStatus.VOTING, '2024-06-01T00:00:01Z', true, false],
    [ThemeStatus.VOTING, '2024-06-01T00:00:00Z', false, true],
    [ThemeStatus.PROPOSED, null, false, false],
    [ThemeStatus.ADOPTED, '2024-05-01T00:00:00Z', false, false],
  ])('%s closing at %s: open %s, ended unsettled %s', (status, closesAt, open, ended) => {
    const theme = { status, votingClosesAt: at(closesAt) };
    expect(voteIsOpen(theme, now)).toBe(open);
    expect(voteHasEnded(theme, now)).toBe(ended);
  });

  it('reports the stored decision once settled, PENDING before', () => {
    expect(reportedOutcome(ThemeStatus.ADOPTED)).toBe(VoteOutcome.ADOPTED);
    expect(reportedOutcome(ThemeStatus.REJECTED)).toBe(VoteOutcome.REJECTED);
    for (const status of [ThemeStatus.PROPOSED, ThemeStatus.VOTING, ThemeStatus.WITHDRAWN]) expect(reportedOutcome(status)).toBe(VoteOutcome.PENDING);
  });
});
