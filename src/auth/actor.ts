import { CommitteeRole, Country } from '../common/enums';
import type { Person } from '../modules/people/person.entity';

export interface Membership {
  memberId: string;
  committeeId: string;
  editionId: string;
  country: Country;
  role: CommitteeRole;
}

/** The authenticated caller: the person, their committee seats, and the token they used. */
export interface Actor {
  person: Person;
  memberships: Membership[];
  tokenId: string;
}

const OWN_VIEW = Symbol('a person as seen by itself');

/**
 * The actor's Person as a Viewer shows it: to the person themselves, even when the request was
 * anonymous (the payload of `login` shows the person who has just proven who they are).
 */
export function ownView(person: Person): Person {
  return Object.assign(Object.create(Object.getPrototypeOf(person)) as Person, person, { [OWN_VIEW]: true });
}

export const isOwnView = (person: Person): boolean => OWN_VIEW in person;
