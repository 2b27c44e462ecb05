import { defineModule } from '../module';
import { Participation } from './participation.entity';
import { EditionParticipationResolver, LocalAuthorityParticipationResolver, ParticipationResolver } from './participation.resolver';

/** Participation forms (bulletins de participation) of local authorities. */
export const participationModule = defineModule({
  name: 'participation',
  entities: { Participation },
  resolvers: [ParticipationResolver, EditionParticipationResolver, LocalAuthorityParticipationResolver],
});
