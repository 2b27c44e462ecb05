import { GraphQLError, GraphQLScalarType } from 'graphql';
import { DateTimeResolver, JSONResolver, LocalDateResolver } from 'graphql-scalars';

// The contract's scalars, named as it names them.

const dateTime = DateTimeResolver.toConfig();

// The instants whose calendar date is a Date (years 0001 to 9999) in every time zone, UTC-12 to UTC+14.
const EARLIEST = Date.parse('0001-01-02T00:00:00Z');
const LATEST = Date.parse('9999-12-30T23:59:59.999Z');

function withinCalendar(value: unknown): unknown {
  if (value instanceof Date && (value.getTime() < EARLIEST || value.getTime() > LATEST)) {
    throw new GraphQLError(`DateTime must lie between 0001-01-02 and 9999-12-30: ${value.toISOString()}`);
  }
  return value;
}

export const DateTimeScalar = new GraphQLScalarType({
  ...dateTime,
  parseValue: (value) => withinCalendar(dateTime.parseValue!(value)),
  parseLiteral: (ast, variables) => withinCalendar(dateTime.parseLiteral!(ast, variables)),
  name: 'DateTime',
  description:
    'An instant, ISO 8601 with an offset, e.g. 2024-11-18T09:30:00+09:00 (graphql-scalars DateTime). Kept to the millisecond: finer fractions of a second are dropped. From 0001-01-02 to 9999-12-30, so that its date is a Date in every time zone.',
});

const localDate = LocalDateResolver.toConfig();

/** PostgreSQL's calendar has no year 0 (1 BC precedes AD 1): such a date would fail in the database. */
function inDatabaseCalendar(value: unknown): unknown {
  if (typeof value === 'string' && value.startsWith('0000-')) throw new GraphQLError(`Value is not a valid LocalDate: ${value}: years start at 0001`);
  return value;
}

/** Kept as a 'YYYY-MM-DD' string end to end: a calendar date has no instant. */
export const DateScalar = new GraphQLScalarType({
  ...localDate,
  parseValue: (value) => inDatabaseCalendar(localDate.parseValue!(value)),
  parseLiteral: (ast, variables) => inDatabaseCalendar(localDate.parseLiteral!(ast, variables)),
  name: 'Date',
  description: "A calendar date, YYYY-MM-DD, in the edition's own time zone (graphql-scalars Date / LocalDate).",
});

export const JSONScalar = new GraphQLScalarType({
  ...JSONResolver.toConfig(),
  name: 'JSON',
  description: 'Arbitrary JSON (graphql-scalars JSON), used only for audit payloads.',
});
