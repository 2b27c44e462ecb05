import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { Versioned } from '../../common/base-columns';
import { LocalizedText } from '../../common/localized-text';
import type { LocalizedTextValue } from '../../common/localized-text';

@ObjectType()
@Entity()
export class Room extends Versioned {
  @Index()
  @Column({ type: 'uuid' })
  editionId!: string;

  @Field(() => LocalizedText)
  @Column({ type: 'jsonb' })
  name!: LocalizedTextValue;

  @Field(() => Int, { nullable: true })
  @Column({ type: 'int', nullable: true })
  capacity!: number | null;
}


/** The order of an edition's rooms wherever they are listed (one loader, one statement, per request). */
export const ROOM_ORDER = { createdAt: 'ASC', id: 'ASC' } as const;
