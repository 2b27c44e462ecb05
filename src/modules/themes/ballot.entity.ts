import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { BallotChoice } from '../../common/enums';
import { DateTimeScalar } from '../../common/scalars';

/** One voter's ballot on one theme, cast through their seat in one committee; replaceable while the vote is open. */
@ObjectType()
@Entity()
@Unique(['themeId', 'voterId'])
export class Ballot {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Indexed by the unique (theme_id, voter_id).
  @Column({ type: 'uuid' })
  themeId!: string;

  @Index()
  @Column({ type: 'uuid' })
  voterId!: string;

  @Index()
  @Column({ type: 'uuid' })
  committeeId!: string;

  @Field(() => BallotChoice)
  @Column({ type: 'text' })
  choice!: BallotChoice;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Field(() => DateTimeScalar)
  @Column({ type: 'timestamptz', default: () => 'now()' })
  castAt!: Date;
}
