import { defineModule } from '../module';
import { Suggestion } from './suggestion.entity';
import { EditionSuggestionResolver, SuggestionResolver, ThemeSuggestionResolver } from './suggestion.resolver';

/** Local authorities' suggestions and their review. */
export const suggestionsModule = defineModule({
  name: 'suggestions',
  entities: { Suggestion },
  resolvers: [SuggestionResolver, EditionSuggestionResolver, ThemeSuggestionResolver],
});
