import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, JSONResolver, LocalDateResolver } from 'graphql-scalars';

// The contract's scalars, named as it names them.

export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  name: 'DateTime',
  description: 'An instant, ISO 8601 with an offset, e.g. 2024-11-18T09:30:00+09:00 (graphql-scalars DateTime).',
});

/** Kept as a 'YYYY-MM-DD' string end to end: a calendar date has no instant. */
export const DateScalar = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  name: 'Date',
  description: "A calendar date, YYYY-MM-DD, in the edition's own time zone (graphql-scalars Date / LocalDate).",
});

export const JSONScalar = new GraphQLScalarType({
  ...JSONResolver.toConfig(),
  name: 'JSON',
  description: 'Arbitrary JSON (graphql-scalars JSON), used only for audit payloads.',
});
