import { defineModule } from '../module';
import { Ballot } from './ballot.entity';
import { Theme } from './theme.entity';
import { settleExpiredVotes } from './theme.service';
import { voteJobs } from './vote.jobs';
import { BallotResolver, CommitteeTallyResolver, EditionThemesResolver, ThemeResolver } from './theme.resolver';

/** Themes and the two committees' vote on them. */
export const themesModule = defineModule({
  name: 'themes',
  entities: { Theme, Ballot },
  resolvers: [ThemeResolver, BallotResolver, CommitteeTallyResolver, EditionThemesResolver],
  jobs: voteJobs(settleExpiredVotes),
});
