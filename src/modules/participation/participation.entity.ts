import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, Unique } from 'typeorm';
import { Versioned } from '../../common/base-columns';
import { ParticipationStatus } from '../../common/enums';
import { DateTimeScalar } from '../../common/scalars';
import type { DelegateValue } from '../authority-records/delegates';

export { Delegate } from '../authority-records/delegates';

@ObjectType({ description: 'A participation form (bulletin de participation) of one local authority for one edition.' })
@Entity()
@Unique(['editionId', 'localAuthorityId'])
export class Participation extends Versioned {
  // Indexed by the unique (edition_id, local_authority_id).
  @Column({ type: 'uuid' })
  editionId!: string;

  @Index()
  @Column({ type: 'uuid' })
  localAuthorityId!: string;

  @Field(() => ParticipationStatus)
  @Column({ type: 'text', default: ParticipationStatus.REGISTERED })
  status!: ParticipationStatus;

  /** A JSON array of delegates: they exist only as part of their form. */
  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  delegates!: DelegateValue[];

  @Field()
  @Column({ type: 'boolean', default: false })
  attendsSteeringMeeting!: boolean;

  @Field(() => DateTimeScalar)
  @Column({ type: 'timestamptz', default: () => 'now()' })
  submittedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Set by confirmParticipation (secretariat or admin).' })
  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt!: Date | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  confirmedById!: string | null;
}
