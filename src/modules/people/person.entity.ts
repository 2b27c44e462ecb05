import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { Versioned } from '../../common/base-columns';
import { Locale, UserRole } from '../../common/enums';
import { LocalizedText } from '../../common/localized-text';
import type { LocalizedTextValue } from '../../common/localized-text';

@ObjectType()
@Entity()
export class Person extends Versioned {
  /** In Latin letters, as the person writes it. `name`, `displayName` and `nameFor` are field resolvers. */
  @Column({ type: 'text' })
  nameLatin!: string;

  @Column({ type: 'text', nullable: true })
  nameNative!: string | null;

  @Column({ type: 'text', nullable: true })
  nameKana!: string | null;

  @Field(() => LocalizedText, { nullable: true, description: "Role in their authority or organisation: 'Adjointe au maire' / '副市長'." })
  @Column({ type: 'jsonb', nullable: true })
  function!: LocalizedTextValue | null;

  @Field(() => LocalizedText, { nullable: true, description: "For people of no local authority: 'Cités Unies France', 'CLAIR Paris'." })
  @Column({ type: 'jsonb', nullable: true })
  organisation!: LocalizedTextValue | null;

  @Field(() => LocalizedText, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  bio!: LocalizedTextValue | null;

  /** Unique whatever its case (a unique index on lower(email) in the migration); null for a GUEST with no known address. Exposed by a field resolver. */
  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Field(() => UserRole)
  @Column({ type: 'text' })
  role!: UserRole;

  @Field(() => Locale)
  @Column({ type: 'text', default: Locale.FR })
  preferredLocale!: Locale;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  localAuthorityId!: string | null;

  @Field({ description: 'A deactivated person cannot sign in and their tokens no longer work.' })
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** scrypt hash; null for a person who cannot sign in (a GUEST, or an account whose invitation is not accepted yet). */
  @Column({ type: 'text', nullable: true, select: false })
  passwordHash!: string | null;
}

/** The three ways of writing a person's name, as the API shows them. */
export interface PersonNameValue {
  latin: string;
  native: string | null;
  kana: string | null;
}

export const nameOf = (p: Pick<Person, 'nameLatin' | 'nameNative' | 'nameKana'>): PersonNameValue => ({
  latin: p.nameLatin,
  native: p.nameNative,
  kana: p.nameKana,
});

/** The name for readers of the person's own language: the native name when there is one. */
export const displayNameOf = (name: Pick<PersonNameValue, 'latin' | 'native'>): string => name.native ?? name.latin;

/** The name a reader of `locale` reads: Japanese readers the native name when there is one, French and English readers the Latin one. */
export const nameForReader = (name: Pick<PersonNameValue, 'latin' | 'native'>, locale: Locale): string =>
  locale === Locale.JA ? (name.native ?? name.latin) : name.latin;
