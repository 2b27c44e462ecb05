import { defineModule } from '../module';
import { AgendaItem, SteeringMeeting } from './meeting.entity';
import { EditionMeetingResolver, SteeringMeetingResolver } from './meeting.resolver';

/** Steering-committee meetings and their agendas. */
export const meetingsModule = defineModule({
  name: 'meetings',
  entities: { SteeringMeeting, AgendaItem },
  resolvers: [SteeringMeetingResolver, EditionMeetingResolver],
});
