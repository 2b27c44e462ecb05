import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ChangeAction } from '../../common/enums';
import { DateTimeScalar, JSONScalar } from '../../common/scalars';

@ObjectType()
@Entity()
@Index(['editionId', 'id'])
export class ChangeEvent {
  /** A sequence, so that the trail pages by id and sorts in commit order within one writer. */
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /**
   * The event's place in the change feed, given when its transaction commits: positions grow in
   * commit order (migrations/1764400000000-change-feed-position.ts), ids in insertion order.
   */
  @Column({ type: 'bigint', nullable: true, insert: false, update: false })
  position!: string;

  /** Null for records that belong to no edition (people, local authorities). */
  @Column({ type: 'uuid', nullable: true })
  editionId!: string | null;

  @Field(() => DateTimeScalar)
  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Field(() => ChangeAction)
  @Column({ type: 'text' })
  action!: ChangeAction;

  @Field({ description: 'The GraphQL type name of what changed, e.g. Session.' })
  @Column({ type: 'text' })
  entityType!: string;

  @Field(() => ID)
  @Column({ type: 'text' })
  entityId!: string;

  @Field(() => JSONScalar, { description: 'Changed fields, each as {from, to}.' })
  @Column({ type: 'jsonb' })
  changes!: Record<string, { from: unknown; to: unknown }>;
}
