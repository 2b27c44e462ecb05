import { Field, Int, ObjectType } from 'type-graphql';
import { VoteOutcome } from './vote-rule';

@ObjectType()
export class CommitteeTally {
  /** Resolved among the committees of the edition (one loader for the whole request). */
  committeeId!: string;
  editionId!: string;

  @Field(() => Int, { description: 'Members of this committee entitled to vote.' }) eligible!: number;
  @Field(() => Int) for!: number;
  @Field(() => Int) against!: number;
  @Field(() => Int) abstain!: number;
  @Field() quorumReached!: boolean;
  @Field() majorityFor!: boolean;
}

@ObjectType({ description: 'A theme is adopted only when each committee, French and Japanese, reaches its quorum and a majority FOR.' })
export class VoteTally {
  @Field(() => [CommitteeTally]) committees!: CommitteeTally[];
  @Field(() => VoteOutcome) outcome!: VoteOutcome;
}
