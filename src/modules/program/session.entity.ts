import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { Versioned } from '../../common/base-columns';
import { Locale, SessionKind } from '../../common/enums';
import { LocalizedText } from '../../common/localized-text';
import type { LocalizedTextValue } from '../../common/localized-text';
import { DateTimeScalar } from '../../common/scalars';

@ObjectType({ description: 'A block of the programme. A WORKSHOPS session holds parallel workshops (ateliers).' })
@Entity()
@Index(['editionId', 'startsAt'])
export class Session extends Versioned {
  @Column({ type: 'uuid' })
  editionId!: string;

  @Field(() => SessionKind)
  @Column({ type: 'text' })
  kind!: SessionKind;

  @Field(() => LocalizedText)
  @Column({ type: 'jsonb' })
  title!: LocalizedTextValue;

  @Field(() => LocalizedText, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  description!: LocalizedTextValue | null;

  @Field(() => DateTimeScalar)
  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  @Field(() => DateTimeScalar)
  @Column({ type: 'timestamptz' })
  endsAt!: Date;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  roomId!: string | null;

  /** A small number of its own for conference apps; drawn from a sequence shared with workshops. */
  @Column({ type: 'int', insert: false, update: false })
  itemNumber!: number;

  @Field({ description: 'French-Japanese interpretation is provided.' })
  @Column({ type: 'boolean', default: false })
  interpretation!: boolean;

  @Field(() => Locale, { nullable: true, description: 'The language spoken (null: not said yet); with interpretation, the other working language is heard too.' })
  @Column({ type: 'text', nullable: true })
  language!: Locale | null;
}
