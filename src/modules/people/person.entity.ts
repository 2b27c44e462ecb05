import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { Versioned } from '../../common/base-columns';
import { Locale, UserRole } from '../../common/enums';

@ObjectType()
@Entity()
export class Person extends Versioned {
  @Field()
  @Column({ type: 'text' })
  displayName!: string;

  /** Unique whatever its case (a unique index on lower(email) in the migration). Exposed by a field resolver. */
  @Column({ type: 'text' })
  email!: string;

  @Field(() => UserRole)
  @Column({ type: 'text' })
  role!: UserRole;

  @Field(() => Locale)
  @Column({ type: 'text', default: Locale.FR })
  preferredLocale!: Locale;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  localAuthorityId!: string | null;

  /** scrypt hash; null for a person who cannot log in (a speaker, say). */
  @Column({ type: 'text', nullable: true, select: false })
  passwordHash!: string | null;
}
