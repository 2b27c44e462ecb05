import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ReleaseStatus } from '../../common/enums';
import { LocalizedText } from '../../common/localized-text';
import type { LocalizedTextValue } from '../../common/localized-text';
import { DateTimeScalar } from '../../common/scalars';

@ObjectType({ description: 'A published, immutable version of the programme (0.1, 0.2, ... 1.0), readable by anyone.' })
@Entity()
@Index(['editionId', 'major', 'minor'], { unique: true, where: `status <> 'REJECTED'` })
export class ProgramRelease {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Indexed by the unique (edition_id, major, minor).
  @Column({ type: 'uuid' })
  editionId!: string;

  @Column({ type: 'int' })
  major!: number;

  @Column({ type: 'int' })
  minor!: number;

  @Field(() => DateTimeScalar)
  @Column({ type: 'timestamptz', default: () => 'now()' })
  publishedAt!: Date;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  publishedById!: string | null;

  @Field(() => LocalizedText, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  notes!: LocalizedTextValue | null;

  /** The programme as published (days, sessions, workshops), frozen. */
  @Column({ type: 'jsonb' })
  snapshot!: unknown;

  @Field(() => ReleaseStatus)
  @Column({ type: 'text', default: ReleaseStatus.PUBLISHED })
  status!: ReleaseStatus;

  /** The committee through whose seat it was published (null: by an admin); under BOTH_COMMITTEES the other one approves. */
  @Column({ type: 'uuid', nullable: true })
  committeeId!: string | null;

  /** Who approved it, one per committee: the publisher first. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  approvedByIds!: string[];

  @Field(() => LocalizedText, { nullable: true, description: 'Why the other committee refused it (REJECTED), or that a newer release replaced it.' })
  @Column({ type: 'jsonb', nullable: true })
  rejectionReason!: LocalizedTextValue | null;

  /** The changelog against the previous release, frozen with it. */
  @Column({ type: 'jsonb' })
  changes!: unknown;
}
