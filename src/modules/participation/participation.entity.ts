import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, Unique } from 'typeorm';
import { Versioned } from '../../common/base-columns';
import { ParticipationStatus } from '../../common/enums';
import { DateTimeScalar } from '../../common/scalars';

export interface DelegateValue {
  name: string;
  function?: string | null;
  email?: string | null;
}

@ObjectType()
export class Delegate implements DelegateValue {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) function?: string | null;
  @Field(() => String, { nullable: true, description: "Visible to admins and to the local authority's own representatives only." })
  email?: string | null;
}

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
}
