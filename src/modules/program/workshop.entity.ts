import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { Versioned } from '../../common/base-columns';
import { Locale } from '../../common/enums';
import { LocalizedText } from '../../common/localized-text';
import type { LocalizedTextValue } from '../../common/localized-text';

@ObjectType({ description: 'A workshop (atelier) inside a WORKSHOPS session.' })
@Entity()
@Index(['sessionId', 'position'])
export class Workshop extends Versioned {
  @Column({ type: 'uuid' })
  sessionId!: string;

  /** Order of the parallel workshops within their session. */
  @Column({ type: 'int', default: 0 })
  position!: number;

  @Field(() => LocalizedText)
  @Column({ type: 'jsonb' })
  title!: LocalizedTextValue;

  @Field(() => LocalizedText, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  description!: LocalizedTextValue | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  roomId!: string | null;

  @Field({ description: 'French-Japanese interpretation is provided.' })
  @Column({ type: 'boolean', default: false })
  interpretation!: boolean;

  @Field(() => Locale, { nullable: true, description: 'The language spoken (null: not said yet); with interpretation, the other working language is heard too.' })
  @Column({ type: 'text', nullable: true })
  language!: Locale | null;

  @Column({ type: 'int', insert: false, update: false })
  itemNumber!: number;
}
