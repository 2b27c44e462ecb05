import { defineModule } from '../module';
import { Committee, CommitteeMember } from './committee.entity';
import { NotificationEditionResolver } from './edition-notifications.resolver';
import { Edition } from './edition.entity';
import { CommitteeMemberResolver, CommitteeResolver, EditionResolver } from './edition.resolver';
import { Room } from './room.entity';

/** Editions, their rooms, and their two steering committees. */
export const editionsModule = defineModule({
  name: 'editions',
  entities: { Edition, Room, Committee, CommitteeMember },
  resolvers: [EditionResolver, CommitteeResolver, CommitteeMemberResolver, NotificationEditionResolver],
});
