import { CommitteeRole, Country, Locale, UserRole } from '../common/enums';

/** The signed-in person as authentication reads it: who they are and what their role lets them do. */
export interface ActorPerson {
  id: string;
  /** The native name when there is one, else the Latin one. */
  displayName: string;
  nameLatin: string;
  nameNative: string | null;
  nameKana: string | null;
  function: Record<string, string> | null;
  organisation: Record<string, string> | null;
  bio: Record<string, string> | null;
  active: boolean;
  email: string;
  role: UserRole;
  preferredLocale: Locale;
  localAuthorityId: string | null;
  version: number;
}

export interface Membership {
  memberId: string;
  committeeId: string;
  editionId: string;
  country: Country;
  role: CommitteeRole;
}

/** The authenticated caller: the person, their committee seats, and the token they used. */
export interface Actor {
  person: ActorPerson;
  memberships: Membership[];
  tokenId: string;
}

const OWN_VIEW = Symbol('a person as seen by itself');

/**
 * A person as a Viewer shows it: to the person themselves, even when the request was anonymous (the
 * payload of `login` shows the person who has just proven who they are).
 */
export function ownView<P extends object>(person: P): P {
  return Object.assign(Object.create(Object.getPrototypeOf(person)) as P, person, { [OWN_VIEW]: true });
}

export const isOwnView = (person: object): boolean => OWN_VIEW in person;
