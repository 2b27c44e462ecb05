import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { LocalizedText } from '../../common/localized-text';
import type { LocalizedTextValue } from '../../common/localized-text';
import { DateTimeScalar } from '../../common/scalars';

@ObjectType({ description: 'A published, immutable version of the programme (0.1, 0.2, ... 1.0), readable by anyone.' })
@Entity()
@Unique(['editionId', 'major', 'minor'])
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

  /** The changelog against the previous release, frozen with it. */
  @Column({ type: 'jsonb' })
  changes!: unknown;
}
