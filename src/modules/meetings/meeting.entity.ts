import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Versioned } from '../../common/base-columns';
import { LocalizedText } from '../../common/localized-text';
import type { LocalizedTextValue } from '../../common/localized-text';
import { DateTimeScalar } from '../../common/scalars';
import type { DelegateValue } from '../authority-records/delegates';

@ObjectType({ description: "A steering-committee meeting, e.g. 18 Sept 2023, 16:30-18:00, Cité des Sciences et de l'Industrie, Paris." })
@Entity()
@Index(['editionId', 'startsAt'])
export class SteeringMeeting extends Versioned {
  @Column({ type: 'uuid' })
  editionId!: string;

  /** Null for a joint French-Japanese meeting. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  committeeId!: string | null;

  @Field(() => LocalizedText)
  @Column({ type: 'jsonb' })
  title!: LocalizedTextValue;

  @Field(() => DateTimeScalar)
  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  @Field(() => DateTimeScalar)
  @Column({ type: 'timestamptz' })
  endsAt!: Date;

  @Field(() => LocalizedText, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  place!: LocalizedTextValue | null;

  @Field(() => LocalizedText, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  minutes!: LocalizedTextValue | null;

  @Field({ description: "Open to every local authority of the committee's country (the comité de pilotage large), not only to seated members." })
  @Column({ type: 'boolean', default: false })
  openToLocalAuthorities!: boolean;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Registrations (bulletins de participation) are refused after this instant (admins and secretariat excepted).' })
  @Column({ type: 'timestamptz', nullable: true })
  registrationDeadline!: Date | null;
}

@ObjectType({ description: "A local authority's registration for one steering meeting: who comes, in person or online." })
@Entity()
@Unique(['meetingId', 'localAuthorityId'])
export class MeetingRegistration extends Versioned {
  // Indexed by the unique (meeting_id, local_authority_id).
  @Column({ type: 'uuid' })
  meetingId!: string;

  @Index()
  @Column({ type: 'uuid' })
  localAuthorityId!: string;

  /** The meeting's edition, kept here so that the rights and the trail need not read the meeting. */
  @Column({ type: 'uuid' })
  editionId!: string;

  /** A JSON array of delegates: they exist only as part of their registration. */
  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  attendees!: DelegateValue[];

  @Field({ description: 'Attends online rather than in person.' })
  @Column({ type: 'boolean', default: false })
  online!: boolean;

  @Field(() => DateTimeScalar)
  @Column({ type: 'timestamptz', default: () => 'now()' })
  submittedAt!: Date;
}

@ObjectType()
@Entity()
@Unique(['meetingId', 'position'])
export class AgendaItem {
  /** What updateAgendaItem, removeAgendaItem and reorderAgenda name. */
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Indexed by the unique (meeting_id, position), which is deferred so that a reorder can swap positions.
  @Column({ type: 'uuid' })
  meetingId!: string;

  @Field(() => Int, { description: 'From 1, contiguous.' })
  @Column({ type: 'int' })
  position!: number;

  @Field(() => LocalizedText)
  @Column({ type: 'jsonb' })
  title!: LocalizedTextValue;

  @Field(() => LocalizedText, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  notes!: LocalizedTextValue | null;
}
