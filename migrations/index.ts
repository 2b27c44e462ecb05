import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { ProgramItemNumbers1764200000000 } from './1764200000000-program-item-numbers';
import { LoginThrottle1764300000000 } from './1764300000000-login-throttle';
import { ChangeFeedPosition1764400000000 } from './1764400000000-change-feed-position';
import { PeopleAndAccounts1764460000000 } from './1764460000000-people-and-accounts';
import { Notifications1764600000000 } from './1764600000000-notifications';
import { MeetingRegistrations1764710000000 } from './1764710000000-meeting-registrations';
import { ReleaseApproval1764720000000 } from './1764720000000-release-approval';
import { ParticipationConfirmation1764730000000 } from './1764730000000-participation-confirmation';
import { SpokenLanguages1764740000000 } from './1764740000000-spoken-languages';

// Listed by hand, in order: loading them by glob breaks under the test runner's module loader.
export const migrations = [
  InitialSchema1764000000000,
  ProgramItemNumbers1764200000000,
  LoginThrottle1764300000000,
  ChangeFeedPosition1764400000000,
  PeopleAndAccounts1764460000000,
  Notifications1764600000000,
  MeetingRegistrations1764710000000,
  ReleaseApproval1764720000000,
  ParticipationConfirmation1764730000000,
  SpokenLanguages1764740000000,
];
