import { AuthToken } from '../auth/token.entity';
import { ChangeEvent } from '../modules/audit/change-event.entity';
import { Committee, CommitteeMember } from '../modules/editions/committee.entity';
import { Edition } from '../modules/editions/edition.entity';
import { Room } from '../modules/editions/room.entity';
import { AgendaItem, SteeringMeeting } from '../modules/meetings/meeting.entity';
import { Participation } from '../modules/participation/participation.entity';
import { LocalAuthority } from '../modules/people/local-authority.entity';
import { Person } from '../modules/people/person.entity';
import {
  SessionSpeaker, SessionTheme, WorkshopLocalAuthority, WorkshopModerator, WorkshopSpeaker, WorkshopTheme,
} from '../modules/program/links.entity';
import { Session, Workshop } from '../modules/program/session.entity';
import { ProgramRelease } from '../modules/releases/release.entity';
import { Suggestion } from '../modules/suggestions/suggestion.entity';
import { Ballot, Theme } from '../modules/themes/theme.entity';

export const entities = [
  Edition, Room, Committee, CommitteeMember, LocalAuthority, Person, AuthToken,
  Session, Workshop, SessionTheme, SessionSpeaker, WorkshopTheme, WorkshopModerator, WorkshopSpeaker, WorkshopLocalAuthority,
  Theme, Ballot, Suggestion, Participation, SteeringMeeting, AgendaItem, ProgramRelease, ChangeEvent,
];
