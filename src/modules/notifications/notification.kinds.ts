import { registerEnumType } from 'type-graphql';
import type { LocalizedTextValue } from '../../common/localized-text';

export enum NotificationKind {
  RELEASE_PUBLISHED = 'RELEASE_PUBLISHED',
  RELEASE_AWAITING_APPROVAL = 'RELEASE_AWAITING_APPROVAL',
  VOTE_OPENED = 'VOTE_OPENED',
  VOTE_CLOSING_SOON = 'VOTE_CLOSING_SOON',
  VOTE_CLOSED = 'VOTE_CLOSED',
  SUGGESTION_REVIEWED = 'SUGGESTION_REVIEWED',
  PARTICIPATION_CONFIRMED = 'PARTICIPATION_CONFIRMED',
  DEADLINE_APPROACHING = 'DEADLINE_APPROACHING',
  MEETING_SCHEDULED = 'MEETING_SCHEDULED',
  MEETING_CHANGED = 'MEETING_CHANGED',
  MEETING_CANCELLED = 'MEETING_CANCELLED',
}

registerEnumType(NotificationKind, { name: 'NotificationKind' });

/**
 * The facts a notification tells, as its job carries them (JSON): the texts are written from them
 * in each recipient's language by the message catalogue.
 */
export interface NotificationFacts {
  /** The edition's title and zone, for dates told on its clock. */
  edition?: { number: number; title: LocalizedTextValue; timeZone: string };
  /** The theme, suggestion, meeting or release's title. */
  title?: LocalizedTextValue;
  /** ADOPTED, REJECTED, a suggestion's status... */
  outcome?: string;
  /** An instant (ISO): the vote's or the deadline's. */
  at?: string;
  /** Which deadline: suggestion, participation, registration. */
  deadline?: string;
  /** A release's number, e.g. 0.3. */
  release?: string;
  link: string;
}

/** Writes a notification's subject and body in one language from its facts (the message catalogue). */
export type NotificationWriter = (kind: NotificationKind, facts: NotificationFacts, locale: string) => { subject: string; body: string };
