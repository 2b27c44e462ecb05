import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../context';
import { Person } from '../people/person.entity';
import { InviteInput } from './accounts.inputs';
import { AuthPayload } from './accounts.types';
import { Invitation } from './invitation.entity';
import * as invitations from './invitations.service';

@Resolver(() => Invitation)
export class InvitationResolver {
  @FieldResolver(() => Person)
  async person(@Root() invitation: Invitation, @Ctx() ctx: RequestContext): Promise<Person> {
    return (await ctx.loaders.byId(Person).load(invitation.personId))!;
  }

  @FieldResolver(() => Person, { nullable: true })
  invitedBy(@Root() invitation: Invitation, @Ctx() ctx: RequestContext): Promise<Person | null> | null {
    return invitation.invitedById ? ctx.loaders.byId(Person).load(invitation.invitedById) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'The secret token: only in the answer of the mutation that issued it, null afterwards.' })
  token(@Root() invitation: Invitation): string | null {
    return invitation.token ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'The link to open (PUBLIC_URL + the token): only in the answer of the mutation that issued it.' })
  url(@Root() invitation: Invitation): string | null {
    return invitation.url ?? null;
  }

  @Query(() => [Invitation], { description: 'Admins and secretariat seats: invitations not yet accepted.' })
  pendingInvitations(@Ctx() ctx: RequestContext): Promise<Invitation[]> {
    return invitations.pendingInvitations(ctx);
  }

  @Mutation(() => Invitation, { description: 'Admins, and secretariat seats for LOCAL_AUTHORITY and COMMITTEE accounts: a one-time link to open an account.' })
  invite(@Arg('input', () => InviteInput) input: InviteInput, @Ctx() ctx: RequestContext): Promise<Invitation> {
    return invitations.invite(ctx, input);
  }

  @Mutation(() => AuthPayload, { description: 'Anyone holding the token: sets the password, opens the account and signs in.' })
  acceptInvitation(@Arg('token') token: string, @Arg('password') password: string, @Ctx() ctx: RequestContext): Promise<AuthPayload> {
    return invitations.redeem(ctx, token, password);
  }

  @Mutation(() => Invitation, { description: 'Admins and secretariat seats: a one-time link to choose a new password (also emailed when mail is on).' })
  issuePasswordReset(@Arg('personId', () => ID) personId: string, @Ctx() ctx: RequestContext): Promise<Invitation> {
    return invitations.issuePasswordReset(ctx, personId);
  }

  @Mutation(() => Boolean, { description: 'Anyone: emails a reset link when the address has an account and mail is on; always answers true.' })
  requestPasswordReset(@Arg('email') email: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return invitations.requestPasswordReset(ctx, email);
  }

  @Mutation(() => AuthPayload, { description: 'Anyone holding a reset link: sets the new password, ends every other sign-in and signs in.' })
  resetPassword(@Arg('token') token: string, @Arg('newPassword') newPassword: string, @Ctx() ctx: RequestContext): Promise<AuthPayload> {
    return invitations.redeem(ctx, token, newPassword);
  }

  @Mutation(() => AuthPayload, { description: 'Signed in: every other token of the caller is revoked.' })
  changePassword(@Arg('currentPassword') currentPassword: string, @Arg('newPassword') newPassword: string, @Ctx() ctx: RequestContext): Promise<AuthPayload> {
    return invitations.changePassword(ctx, currentPassword, newPassword);
  }

  @Mutation(() => Person, { description: 'Admins: the person can no longer sign in; their tokens and live subscriptions end.' })
  deactivatePerson(@Arg('id', () => ID) id: string, @Arg('expectedVersion', () => Int) expectedVersion: number, @Ctx() ctx: RequestContext): Promise<Person> {
    return invitations.deactivatePerson(ctx, id, expectedVersion);
  }
}
