import { Field, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { Versioned } from '../../common/base-columns';
import { Country, LocalAuthorityKind } from '../../common/enums';
import { LocalizedText } from '../../common/localized-text';
import type { LocalizedTextValue } from '../../common/localized-text';

@ObjectType({ description: 'A collectivité territoriale / 地方自治体.' })
@Entity()
export class LocalAuthority extends Versioned {
  @Field(() => LocalizedText)
  @Column({ type: 'jsonb' })
  name!: LocalizedTextValue;

  @Field(() => Country)
  @Column({ type: 'text' })
  country!: Country;

  @Field(() => LocalAuthorityKind)
  @Column({ type: 'text' })
  kind!: LocalAuthorityKind;
}
