import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { Versioned } from '../../common/base-columns';
import { SuggestionKind, SuggestionStatus } from '../../common/enums';
import { LocalizedText } from '../../common/localized-text';
import type { LocalizedTextValue } from '../../common/localized-text';
import { DateTimeScalar } from '../../common/scalars';

@ObjectType({ description: 'What a local authority proposes for the programme (a workshop, a theme...).' })
@Entity()
@Index(['editionId', 'status'])
export class Suggestion extends Versioned {
  @Column({ type: 'uuid' })
  editionId!: string;

  @Index()
  @Column({ type: 'uuid' })
  localAuthorityId!: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  authorId!: string | null;

  @Field(() => SuggestionKind)
  @Column({ type: 'text' })
  kind!: SuggestionKind;

  @Field(() => LocalizedText)
  @Column({ type: 'jsonb' })
  title!: LocalizedTextValue;

  @Field(() => LocalizedText, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  body!: LocalizedTextValue | null;

  @Field(() => SuggestionStatus)
  @Column({ type: 'text', default: SuggestionStatus.SUBMITTED })
  status!: SuggestionStatus;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  reviewNote!: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  resultingThemeId!: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  resultingWorkshopId!: string | null;

  @Field(() => DateTimeScalar)
  @Column({ type: 'timestamptz', default: () => 'now()' })
  submittedAt!: Date;
}
