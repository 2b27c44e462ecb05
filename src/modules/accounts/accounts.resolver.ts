import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../context';
import * as accounts from './accounts.service';
import { AccessToken, AuthPayload, IssuedAccessToken, Viewer } from './accounts.types';

@Resolver(() => Viewer)
export class AccountResolver {
  @Query(() => Viewer, { nullable: true, description: 'The signed-in caller, or null for an anonymous request.' })
  viewer(@Ctx() ctx: RequestContext): Viewer | null {
    return accounts.viewer(ctx);
  }

  @FieldResolver(() => [AccessToken], { description: "The caller's tokens that are still valid." })
  tokens(@Root() viewer: Viewer, @Ctx() ctx: RequestContext): Promise<AccessToken[]> {
    return accounts.tokensOf(ctx, viewer.actor);
  }

  @Mutation(() => AuthPayload, { description: 'Exchanges an email and password for a bearer token.' })
  login(@Arg('email') email: string, @Arg('password') password: string, @Ctx() ctx: RequestContext): Promise<AuthPayload> {
    return accounts.login(ctx, email, password);
  }

  @Mutation(() => Boolean, { description: 'Revokes the token this request was made with.' })
  logout(@Ctx() ctx: RequestContext): Promise<boolean> {
    return accounts.logout(ctx);
  }

  @Mutation(() => IssuedAccessToken, { description: 'Issues a personal token for scripts.' })
  createPersonalToken(
    @Arg('label') label: string,
    @Arg('expiresInDays', () => Int, { defaultValue: 90 }) expiresInDays: number,
    @Ctx() ctx: RequestContext,
  ): Promise<IssuedAccessToken> {
    return accounts.createPersonalToken(ctx, label, expiresInDays);
  }

  @Mutation(() => ID, { description: "Revokes one of the caller's tokens." })
  revokeToken(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<string> {
    return accounts.revokeMyToken(ctx, id);
  }
}
