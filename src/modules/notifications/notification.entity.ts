import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { DateTimeScalar } from '../../common/scalars';
import { NotificationKind } from './notification.kinds';

@ObjectType({ description: 'A message for one person, written in their preferred locale when it is created.' })
@Entity()
@Unique(['eventId', 'personId'])
@Index(['personId', 'createdAt'])
export class Notification {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  personId!: string;

  /** The event it tells of: one notification per event and person, however often the event's job runs. */
  @Column({ type: 'uuid' })
  eventId!: string;

  @Field(() => NotificationKind)
  @Column({ type: 'text' })
  kind!: NotificationKind;

  @Column({ type: 'uuid', nullable: true })
  editionId!: string | null;

  @Field()
  @Column({ type: 'text' })
  subject!: string;

  @Field()
  @Column({ type: 'text' })
  body!: string;

  /** The link the body ends with, kept apart for the HTML of the mail. */
  @Column({ type: 'text', nullable: true })
  link!: string | null;

  @Field(() => String, { nullable: true, description: 'The API entity it is about (a Theme, a ProgramRelease, a Suggestion, ...).' })
  @Column({ type: 'text', nullable: true })
  entityType!: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  entityId!: string | null;

  @Field(() => DateTimeScalar)
  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was handed to the mail server; null when mail is off or for this person.' })
  @Column({ type: 'timestamptz', nullable: true })
  emailedAt!: Date | null;
}

@ObjectType()
@Entity()
export class NotificationSettings {
  @PrimaryColumn({ type: 'uuid' })
  personId!: string;

  @Field({ description: 'Send notifications by email too (they are always listed in myNotifications).' })
  @Column({ type: 'boolean', default: true })
  email!: boolean;

  @Field(() => [NotificationKind], { description: 'Kinds this person does not want (neither listed nor sent).' })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  muted!: NotificationKind[];
}
