import { defineModule } from '../module';
import { ProgramRelease } from './release.entity';
import { EditionReleasesResolver, ReleaseResolver } from './release.resolver';

/** Published releases of the programme and their changelogs. */
export const releasesModule = defineModule({ name: 'releases', entities: { ProgramRelease }, resolvers: [ReleaseResolver, EditionReleasesResolver] });
