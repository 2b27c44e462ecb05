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
