import { defineModule } from '../module';
import {
  SessionSpeaker, SessionTheme, WorkshopLocalAuthority, WorkshopModerator, WorkshopSpeaker, WorkshopTheme,
} from './links.entity';
import { EditionProgramResolver, SessionResolver, ThemeWorkshopsResolver, WorkshopResolver } from './program.resolver';
import { Session } from './session.entity';
import { Workshop } from './workshop.entity';

/** The draft programme: sessions, workshops, and what they list (themes, speakers, moderators, authorities). */
export const programModule = defineModule({
  name: 'program',
  entities: { Session, Workshop, SessionTheme, SessionSpeaker, WorkshopTheme, WorkshopModerator, WorkshopSpeaker, WorkshopLocalAuthority },
  resolvers: [EditionProgramResolver, SessionResolver, WorkshopResolver, ThemeWorkshopsResolver],
});
