import { defineModule } from '../module';
import { AuthorityImportResolver } from './authority-import';
import { LocalAuthority } from './local-authority.entity';
import { LocalAuthorityResolver, PersonResolver } from './people.resolver';
import { Person } from './person.entity';

/** People and the local authorities they represent. */
export const peopleModule = defineModule({ name: 'people', entities: { Person, LocalAuthority }, resolvers: [PersonResolver, LocalAuthorityResolver, AuthorityImportResolver] });
