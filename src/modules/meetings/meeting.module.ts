import { defineModule } from '../module';
import { AgendaItem, MeetingRegistration, SteeringMeeting } from './meeting.entity';
import { EditionMeetingResolver, MeetingRegistrationResolver, SteeringMeetingResolver } from './meeting.resolver';

/** Steering-committee meetings and their agendas. */
export const meetingsModule = defineModule({
  name: 'meetings',
  entities: { SteeringMeeting, AgendaItem, MeetingRegistration },
  resolvers: [SteeringMeetingResolver, MeetingRegistrationResolver, EditionMeetingResolver],
});
