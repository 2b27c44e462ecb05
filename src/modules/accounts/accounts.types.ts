import { Field, ID, ObjectType } from 'type-graphql';
import type { Actor } from '../../auth/actor';
import { DateTimeScalar } from '../../common/scalars';
import { CommitteeMember } from '../editions/committee.entity';
import { Person } from '../people/person.entity';

@ObjectType()
export class Viewer {
  @Field(() => Person) person!: Person;
  @Field(() => [CommitteeMember]) memberships!: CommitteeMember[];
  /** Whom the viewer shows, with their token: the caller, or the person a login has just signed in. */
  actor!: Actor;
}

@ObjectType()
export class AuthPayload {
  @Field() token!: string;
  @Field(() => Viewer) viewer!: Viewer;
}

@ObjectType({ description: 'A bearer token of the caller. The token itself is shown only once, when it is issued.' })
export class AccessToken {
  @Field(() => ID) id!: string;
  @Field() label!: string;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) expiresAt!: Date;
  @Field({ description: "The token the viewer is using: this request's, or the one a login has just issued." }) current!: boolean;
}

@ObjectType()
export class IssuedAccessToken {
  @Field({ description: 'Send it as `Authorization: Bearer <token>`. It cannot be shown again.' }) token!: string;
  @Field(() => AccessToken) details!: AccessToken;
}
