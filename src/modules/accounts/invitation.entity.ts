import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InvitationKind, UserRole } from '../../common/enums';
import { DateTimeScalar } from '../../common/scalars';

/** A one-time link; only the SHA-256 of its token is kept. `person` and `invitedBy` are field resolvers. */
@ObjectType({ description: 'A one-time link: whoever holds its token can accept it once, before it expires.' })
@Entity()
export class Invitation {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field(() => InvitationKind)
  @Column({ type: 'text' })
  kind!: InvitationKind;

  @Index()
  @Column({ type: 'uuid' })
  personId!: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  invitedById!: string | null;

  /** The role an ACCOUNT invitation gives when accepted. */
  @Column({ type: 'text', nullable: true })
  role!: UserRole | null;

  @Column({ type: 'bytea', unique: true, select: false })
  tokenHash!: Buffer;

  @Field(() => DateTimeScalar)
  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt!: Date | null;

  /** Withdrawn: a newer link of the same person, a password chosen another way, or deactivation. */
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /** Only on the object the issuing mutation returns; `token` and `url` are field resolvers. */
  token?: string | null;
  url?: string | null;
}
