import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { Versioned } from '../../common/base-columns';
import { ThemeStatus } from '../../common/enums';
import { LocalizedText } from '../../common/localized-text';
import type { LocalizedTextValue } from '../../common/localized-text';
import { DateTimeScalar } from '../../common/scalars';

@ObjectType()
@Entity()
@Index(['editionId', 'status'])
export class Theme extends Versioned {
  @Column({ type: 'uuid' })
  editionId!: string;

  @Field(() => LocalizedText)
  @Column({ type: 'jsonb' })
  title!: LocalizedTextValue;

  @Field(() => LocalizedText, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  description!: LocalizedTextValue | null;

  @Field(() => ThemeStatus)
  @Column({ type: 'text', default: ThemeStatus.PROPOSED })
  status!: ThemeStatus;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  proposedById!: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  fromSuggestionId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  votingOpenedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  votingClosesAt!: Date | null;

  /** When the outcome was settled, by closeThemeVote or by the passing of votingClosesAt. */
  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;
}
