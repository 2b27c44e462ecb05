import 'reflect-metadata';
import { getMetadataStorage } from 'type-graphql';
import { Right } from '../src/auth/rights';
import { SuggestionKind, SuggestionStatus, ThemeStatus } from '../src/common/enums';
import {
  BadUserInput, Conflict, DEADLINE_KINDS, DeadlinePassed, DomainError, ERROR_CODES, FIELD_PROBLEMS, Forbidden, InvalidState, NotFound,
  problem, ServiceUnavailable, SIGN_IN_PROBLEMS, SignInRequired, STATE_PROBLEMS, StateProblem, TooManyRequests, Unauthenticated,
  UNAVAILABILITIES, VOTE_CLOSURES, VotingClosed,
} from '../src/common/errors';
import { entities } from '../src/modules';
import { AccessToken } from '../src/modules/accounts/accounts.types';
import {
  CODES, ENTITIES, FIELD_PROBLEM_TEXTS, fieldMessage, LANGUAGES, messageOf, RIGHTS, SUGGESTION_KINDS, SUGGESTION_STATUSES, THEME_STATUSES,
} from '../src/server/messages';

// The message catalogue has an English, a French and a Japanese text for every code, right, entity
// type, input problem and reason: a key added without its three texts fails here.

const missingLanguages = (entry: Record<string, unknown> | undefined) =>
  LANGUAGES.filter((lang) => typeof entry?.[lang] === 'string' && (entry[lang] as string).trim() !== '' ? false : true);

/** The types an error may name: every table that is a GraphQL type, and the tokens. */
const entityTypes = [
  ...entities.filter((entity) => getMetadataStorage().objectTypes.some((type) => type.target === entity)).map((entity) => entity.name),
  AccessToken.name,
];

/** One error of each state problem, with the facts it names. */
const STATE_SAMPLES: Record<StateProblem, InvalidState> = {
  themeUnderVote: new InvalidState('themeUnderVote', { status: ThemeStatus.VOTING, allowed: [ThemeStatus.PROPOSED] }),
  themeWithdrawn: new InvalidState('themeWithdrawn', { status: ThemeStatus.WITHDRAWN, allowed: [ThemeStatus.PROPOSED] }),
  withdrawUndecidedOnly: new InvalidState('withdrawUndecidedOnly', { status: ThemeStatus.ADOPTED, allowed: [ThemeStatus.PROPOSED, ThemeStatus.VOTING] }),
  voteEnded: new InvalidState('voteEnded', { status: ThemeStatus.VOTING, allowed: [ThemeStatus.PROPOSED] }),
  voteProposedOnly: new InvalidState('voteProposedOnly', { status: ThemeStatus.ADOPTED, allowed: [ThemeStatus.PROPOSED] }),
  closeVotingOnly: new InvalidState('closeVotingOnly', { status: ThemeStatus.PROPOSED, allowed: [ThemeStatus.VOTING] }),
  suggestionMove: new InvalidState('suggestionMove', {
    status: SuggestionStatus.SUBMITTED, to: SuggestionStatus.ACCEPTED, allowed: [SuggestionStatus.UNDER_REVIEW, SuggestionStatus.REJECTED],
  }),
  suggestionKind: new InvalidState('suggestionKind', { status: SuggestionStatus.UNDER_REVIEW, kind: SuggestionKind.WORKSHOP, expected: SuggestionKind.THEME }),
  participationCancelled: new InvalidState('participationCancelled', { status: 'CANCELLED', allowed: ['REGISTERED', 'CONFIRMED'] }),
  meetingNotOpen: new InvalidState('meetingNotOpen', { status: 'COMMITTEE_ONLY' }),
  confirmRegisteredOnly: new InvalidState('confirmRegisteredOnly', { status: 'CANCELLED', allowed: ['REGISTERED'] }),
  releaseNotAwaiting: new InvalidState('releaseNotAwaiting', { status: 'PUBLISHED', allowed: ['AWAITING_APPROVAL'] }),
};

const at = new Date('2023-09-18T16:00:00Z');
const SAMPLE_PARAMS = { max: 300, min: 1, number: 8, kind: 'PLENARY', id: 'x', count: 3, items: 'Plénière d’ouverture', roles: 'COMMITTEE, LOCAL_AUTHORITY', country: 'FR', missing: 'name_ja' };

/** Every error the catalogue must say, one or more per code. */
const everyError = (): DomainError[] => [
  ...Object.values(Right).flatMap((right) => [new SignInRequired(right), new Forbidden(right)]),
  ...SIGN_IN_PROBLEMS.map((reason) => new Unauthenticated(reason)),
  ...entityTypes.flatMap((name) => [
    new NotFound({ name }, 'x'),
    new Conflict({ name }, 'x', { currentVersion: 3, updatedBy: 'Claire Martin', updatedAt: at, timeZone: 'Europe/Paris' }),
    new Conflict({ name }, 'x', { currentVersion: 3, updatedBy: null, updatedAt: at, timeZone: null }),
  ]),
  new BadUserInput(FIELD_PROBLEMS.map((key) => ({ field: `input.${key}`, problems: [problem(key, SAMPLE_PARAMS)] }))),
  ...Object.values(STATE_SAMPLES),
  ...VOTE_CLOSURES.map((closure) => new VotingClosed(closure, ThemeStatus.ADOPTED)),
  ...DEADLINE_KINDS.map((kind) => new DeadlinePassed(kind, at, 'Europe/Paris')),
  ...UNAVAILABILITIES.map((reason) => new ServiceUnavailable(reason)),
  new TooManyRequests(899),
  new TooManyRequests(12, 'queryBudget', { limit: 20_000, windowSeconds: 60, remaining: 0 }),
  new TooManyRequests(0, 'subscriptionsPerConnection', { limit: 20 }),
  new DomainError('INTERNAL_SERVER_ERROR', 'masked', { requestId: 'r-1' }),
];

describe('the message catalogue', () => {
  it('names every right, entity type, status and suggestion kind in English, French and Japanese', () => {
    const missing = [
      ...Object.values(Right).map((right) => [`right ${right}`, missingLanguages(RIGHTS[right])] as const),
      ...entityTypes.map((name) => [`entity ${name}`, missingLanguages(ENTITIES[name])] as const),
      ...Object.values(ThemeStatus).map((status) => [`theme status ${status}`, missingLanguages(THEME_STATUSES[status])] as const),
      ...Object.values(SuggestionStatus).map((status) => [`suggestion status ${status}`, missingLanguages(SUGGESTION_STATUSES[status])] as const),
      ...Object.values(SuggestionKind).map((kind) => [`suggestion kind ${kind}`, missingLanguages(SUGGESTION_KINDS[kind])] as const),
    ].filter(([, languages]) => languages.length);
    expect(missing).toEqual([]);
    expect(entityTypes).toEqual(expect.arrayContaining(['Edition', 'Session', 'Workshop', 'Theme', 'Suggestion', 'Participation', 'SteeringMeeting', 'AccessToken']));
  });

  it('has a text of every input problem in each language', () => {
    const missing = FIELD_PROBLEMS.flatMap((key) =>
      LANGUAGES.filter((lang) => typeof FIELD_PROBLEM_TEXTS[key]?.[lang] !== 'function' || !fieldMessage([problem(key, SAMPLE_PARAMS)], lang).trim()).map(
        (lang) => `${key} ${lang}`,
      ),
    );
    expect(missing).toEqual([]);
  });

  it('says every error of every code in each language, each language its own way', () => {
    expect(Object.keys(CODES).sort()).toEqual([...ERROR_CODES].sort());
    expect(Object.keys(STATE_SAMPLES).sort()).toEqual([...STATE_PROBLEMS].sort());
    const errors = everyError();
    expect(new Set(errors.map((e) => e.code))).toEqual(new Set(ERROR_CODES));
    for (const error of errors) {
      const texts = LANGUAGES.map((lang) => messageOf(error, lang));
      for (const text of texts) expect(text.trim()).not.toBe('');
      // No text left in another language, and none with a value missing from it.
      expect(new Set(texts).size).toBe(3);
      for (const text of texts) expect(text).not.toMatch(/undefined|\[object Object\]/);
    }
  });
});
