import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CommitteeRole } from '../../common/enums';
import type { RequestContext } from '../context';
import { Person } from '../people/person.entity';
import { Committee, CommitteeMember } from './committee.entity';
import { Edition } from './edition.entity';
import { CreateEditionInput, CreateRoomInput, UpdateEditionInput, UpdateRoomInput } from './edition.inputs';
import * as editions from './edition.service';
import { Room, ROOM_ORDER } from './room.entity';

@Resolver(() => Edition)
export class EditionResolver {
  @Query(() => [Edition])
  editions(@Ctx() ctx: RequestContext): Promise<Edition[]> {
    return editions.listEditions(ctx);
  }

  @Query(() => Edition, { nullable: true })
  edition(@Arg('number', () => Int) number: number, @Ctx() ctx: RequestContext): Promise<Edition | null> {
    return editions.editionByNumber(ctx, number);
  }

  @FieldResolver(() => [Committee])
  committees(@Root() edition: Edition, @Ctx() ctx: RequestContext): Promise<Committee[]> {
    return editions.committeesOf(ctx, edition.id);
  }

  @FieldResolver(() => [Room])
  rooms(@Root() edition: Edition, @Ctx() ctx: RequestContext): Promise<Room[]> {
    return ctx.loaders.byForeignKey(Room, 'editionId', ROOM_ORDER).load(edition.id);
  }

  @Mutation(() => Edition, { description: "Admin only. Also creates the edition's French and Japanese committees." })
  createEdition(@Arg('input', () => CreateEditionInput) input: CreateEditionInput, @Ctx() ctx: RequestContext): Promise<Edition> {
    return editions.createEdition(ctx, input);
  }

  @Mutation(() => Edition)
  updateEdition(@Arg('input', () => UpdateEditionInput) input: UpdateEditionInput, @Ctx() ctx: RequestContext): Promise<Edition> {
    return editions.updateEdition(ctx, input);
  }

  @Mutation(() => Room)
  createRoom(@Arg('input', () => CreateRoomInput) input: CreateRoomInput, @Ctx() ctx: RequestContext): Promise<Room> {
    return editions.createRoom(ctx, input);
  }

  @Mutation(() => Room, { description: "The edition's presidents and secretariat seats, and admins." })
  updateRoom(@Arg('input', () => UpdateRoomInput) input: UpdateRoomInput, @Ctx() ctx: RequestContext): Promise<Room> {
    return editions.updateRoom(ctx, input);
  }

  @Mutation(() => ID, { description: "The edition's presidents and secretariat seats, and admins: a room in use is refused (BAD_USER_INPUT naming the sessions and workshops in it)." })
  deleteRoom(@Arg('id', () => ID) id: string, @Arg('expectedVersion', () => Int) expectedVersion: number, @Ctx() ctx: RequestContext): Promise<string> {
    return editions.deleteRoom(ctx, id, expectedVersion);
  }

  @Mutation(() => CommitteeMember, { description: "Admins: changes a seat's role (PRESIDENT, MEMBER, SECRETARIAT)." })
  updateCommitteeMember(@Arg('id', () => ID) id: string, @Arg('role', () => CommitteeRole) role: CommitteeRole, @Ctx() ctx: RequestContext): Promise<CommitteeMember> {
    return editions.updateCommitteeMember(ctx, id, role);
  }

  @Mutation(() => CommitteeMember, { description: 'Admin only.' })
  addCommitteeMember(
    @Arg('committeeId', () => ID) committeeId: string,
    @Arg('personId', () => ID) personId: string,
    @Arg('role', () => CommitteeRole) role: CommitteeRole,
    @Ctx() ctx: RequestContext,
  ): Promise<CommitteeMember> {
    return editions.addCommitteeMember(ctx, committeeId, personId, role);
  }

  @Mutation(() => ID)
  removeCommitteeMember(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<string> {
    return editions.removeCommitteeMember(ctx, id);
  }
}

@Resolver(() => Committee)
export class CommitteeResolver {
  @FieldResolver(() => Edition)
  async edition(@Root() committee: Committee, @Ctx() ctx: RequestContext): Promise<Edition> {
    return (await ctx.loaders.byId(Edition).load(committee.editionId))!;
  }

  @FieldResolver(() => [CommitteeMember])
  members(@Root() committee: Committee, @Ctx() ctx: RequestContext): Promise<CommitteeMember[]> {
    return ctx.loaders.byForeignKey(CommitteeMember, 'committeeId', { role: 'DESC', id: 'ASC' }).load(committee.id);
  }
}

@Resolver(() => CommitteeMember)
export class CommitteeMemberResolver {
  @FieldResolver(() => Committee)
  async committee(@Root() member: CommitteeMember, @Ctx() ctx: RequestContext): Promise<Committee> {
    return (await ctx.loaders.byId(Committee).load(member.committeeId))!;
  }

  @FieldResolver(() => Person)
  async person(@Root() member: CommitteeMember, @Ctx() ctx: RequestContext): Promise<Person> {
    return (await ctx.loaders.byId(Person).load(member.personId))!;
  }
}
