import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../context';
import { LocalizedTextInput } from '../../common/localized-text';
import { Edition } from '../editions/edition.entity';
import { Person } from '../people/person.entity';
import { ProgramRelease } from './release.entity';
import * as releases from './release.service';
import { ReleaseChange, ReleasedDay } from './release.types';
import type { ReleaseChangeValue, ReleasedDayValue } from './release.types';

@Resolver(() => ProgramRelease)
export class ReleaseResolver {
  @FieldResolver(() => Edition)
  async edition(@Root() release: ProgramRelease, @Ctx() ctx: RequestContext): Promise<Edition> {
    return (await ctx.loaders.byId(Edition).load(release.editionId))!;
  }

  @FieldResolver(() => String)
  version(@Root() release: ProgramRelease): string {
    return releases.versionOf(release);
  }

  @FieldResolver(() => Person, { nullable: true })
  publishedBy(@Root() release: ProgramRelease, @Ctx() ctx: RequestContext): Promise<Person | null> | null {
    return release.publishedById ? ctx.loaders.byId(Person).load(release.publishedById) : null;
  }

  @FieldResolver(() => [Person], { description: 'Who approved it for each committee (one entry under SINGLE).' })
  async approvedBy(@Root() release: ProgramRelease, @Ctx() ctx: RequestContext): Promise<Person[]> {
    return (await ctx.loaders.byId(Person).loadMany(release.approvedByIds)).filter((p): p is Person => p instanceof Person);
  }

  @FieldResolver(() => [ReleasedDay], { description: 'The programme as published, in the same shape as the draft.' })
  days(@Root() release: ProgramRelease): ReleasedDayValue[] {
    return releases.snapshotOfRelease(release).days;
  }

  @FieldResolver(() => [ReleaseChange], { description: 'What changed since the previous release.' })
  changes(@Root() release: ProgramRelease): ReleaseChangeValue[] {
    return releases.changesOfRelease(release);
  }

  @Mutation(() => ProgramRelease, { description: 'A president or secretariat seat of the committee that did not publish it, or an admin: the release becomes PUBLISHED.' })
  approveRelease(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ProgramRelease> {
    return releases.approveRelease(ctx, id);
  }

  @Mutation(() => ProgramRelease, { description: 'Same rights as approveRelease: the release becomes REJECTED and is never public.' })
  rejectRelease(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RequestContext,
    @Arg('reason', () => LocalizedTextInput, { nullable: true }) reason?: LocalizedTextInput | null,
  ): Promise<ProgramRelease> {
    return releases.rejectRelease(ctx, id, reason);
  }

  @Mutation(() => ProgramRelease, {
    description: 'Freezes the draft programme as the next release of the edition (AWAITING_APPROVAL under BOTH_COMMITTEES, unless an admin publishes).',
  })
  publishProgram(
    @Arg('editionId', () => ID) editionId: string,
    @Ctx() ctx: RequestContext,
    @Arg('notes', () => LocalizedTextInput, { nullable: true }) notes?: LocalizedTextInput | null,
    @Arg('final', () => Boolean, { defaultValue: false, description: 'Publish the next major version (1.0) instead of the next minor one.' }) final?: boolean,
  ): Promise<ProgramRelease> {
    return releases.publishProgram(ctx, editionId, notes, final ?? false);
  }
}

@Resolver(() => Edition)
export class EditionReleasesResolver {
  @FieldResolver(() => [ProgramRelease])
  releases(@Root() edition: Edition, @Ctx() ctx: RequestContext): Promise<ProgramRelease[]> {
    return releases.releasesOf(ctx, edition);
  }

  @FieldResolver(() => [ProgramRelease], { description: "Releases that wait for the other committee's approval (committee members and admins)." })
  pendingReleases(@Root() edition: Edition, @Ctx() ctx: RequestContext): Promise<ProgramRelease[]> {
    return releases.pendingReleases(ctx, edition);
  }

  @FieldResolver(() => ProgramRelease, { nullable: true })
  latestRelease(@Root() edition: Edition, @Ctx() ctx: RequestContext): Promise<ProgramRelease | null> {
    return releases.latestRelease(ctx, edition);
  }
}
