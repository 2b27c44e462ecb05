import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CommitteeRole, Country } from '../../common/enums';
import { LocalizedText } from '../../common/localized-text';
import type { LocalizedTextValue } from '../../common/localized-text';

@ObjectType({ description: 'A steering committee (comité de pilotage): one French, one Japanese, per edition.' })
@Entity()
@Unique(['editionId', 'country'])
export class Committee {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Indexed by the unique (edition_id, country).
  @Column({ type: 'uuid' })
  editionId!: string;

  @Field(() => Country)
  @Column({ type: 'text' })
  country!: Country;

  @Field(() => LocalizedText)
  @Column({ type: 'jsonb' })
  name!: LocalizedTextValue;
}

@ObjectType()
@Entity()
@Unique(['committeeId', 'personId'])
export class CommitteeMember {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Indexed by the unique (committee_id, person_id).
  @Column({ type: 'uuid' })
  committeeId!: string;

  @Index()
  @Column({ type: 'uuid' })
  personId!: string;

  @Field(() => CommitteeRole)
  @Column({ type: 'text' })
  role!: CommitteeRole;
}
