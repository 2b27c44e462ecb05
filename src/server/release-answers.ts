import { HeaderMap } from '@apollo/server';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode,
  FormattedExecutionResult,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  TypeInfo,
  getNamedType,
  getVariableValues,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type { RequestContext } from '../modules/context';
import { ReleaseCache } from '../modules/releases/release.cache';
import { latestReleaseIdsByNumber, latestReleaseLoader } from '../modules/releases/release.service';

/**
 * Whole answers to queries that read only published releases, kept in memory.
 *
 * A release never changes, so an answer that reads nothing else is a pure function of the query,
 * its variables and which release is the latest of each edition asked for. That last part is read
 * from the database on every request (one small statement), so a publication on any instance is
 * seen at once; the execution of a miss is pinned to the releases that statement found, so what is
 * stored always matches its key. Answers with errors are never stored.
 */

/**
 * The fields such a query may select, by parent type: an allow-list, so that a field added later
 * is never kept by mistake. Any other field makes it an ordinary query.
 */
export const RELEASE_ONLY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Query: ['edition'],
  // Releases are only ever added: the list of an edition's releases is known from its latest one.
  Edition: ['latestRelease', 'releases'],
  // Not its edition, its publisher nor its approvers: mutable rows of their own. Those read here are public, so final.
  ProgramRelease: ['id', 'version', 'publishedAt', 'notes', 'status', 'rejectionReason', 'days', 'changes'],
  ReleasedDay: ['date', 'sessions'],
  ReleasedSession: [
    'id', 'kind', 'title', 'description', 'startsAt', 'endsAt', 'roomName', 'interpretation', 'language', 'themeTitles', 'speakerNames', 'workshops',
  ],
  ReleasedWorkshop: [
    'id', 'title', 'description', 'roomName', 'interpretation', 'language', 'themeTitles', 'moderatorNames', 'speakerNames', 'localAuthorityNames',
  ],
  ReleaseChange: ['kind', 'entityType', 'entityId', 'summary'],
  LocalizedText: ['fr', 'ja', 'en', 'text', 'missing'],
};

/** Whether every operation of the document reads published releases only (computed once per document). */
function readsReleasesOnly(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let releaseOnly = true;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition(node) {
        if (node.operation !== 'query') releaseOnly = false;
      },
      Field(node) {
        if (node.name.value === '__typename') return;
        const parent = typeInfo.getParentType();
        const allowed = parent ? RELEASE_ONLY_FIELDS[getNamedType(parent).name] : undefined;
        if (!allowed?.includes(node.name.value)) releaseOnly = false;
      },
    }),
  );
  return releaseOnly;
}

/** The edition numbers the operation's root `edition` fields ask for, or null when one cannot be known. */
function editionNumbersOf(schema: GraphQLSchema, operation: OperationDefinitionNode, document: DocumentNode, variables: Record<string, unknown> | undefined): number[] | null {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return null;
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const numbers = new Set<number>();
  let known = true;
  const collect = (selections: OperationDefinitionNode['selectionSet']['selections'], seen: Set<string>) => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== 'edition') continue;
        const argument = selection.arguments?.find((a) => a.name.value === 'number')?.value;
        const value = argument?.kind === Kind.INT ? Number(argument.value) : argument?.kind === Kind.VARIABLE ? coerced.coerced[argument.name.value] : undefined;
        if (typeof value === 'number') numbers.add(value);
        else known = false;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collect(selection.selectionSet.selections, seen);
      } else if (!seen.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet.selections, new Set([...seen, selection.name.value]));
      }
    }
  };
  collect(operation.selectionSet.selections, new Set());
  return known ? [...numbers].sort((a, b) => a - b) : null;
}

/** Answers queries that read published releases only from the app's release cache, and keeps those it computes there. */
export function releaseAnswersPlugin(): ApolloServerPlugin<RequestContext> {
  const releaseOnly = new WeakMap<DocumentNode, boolean>();

  return {
    async requestDidStart() {
      let miss: { key: string; cache: ReleaseCache } | undefined;
      return {
        async responseForOperation({ schema, document, operation, queryHash, operationName, request, contextValue: ctx }) {
          let readsReleases = releaseOnly.get(document);
          if (readsReleases === undefined) {
            readsReleases = readsReleasesOnly(schema, document);
            releaseOnly.set(document, readsReleases);
          }
          if (!readsReleases) return null;
          const numbers = editionNumbersOf(schema, operation, document, request.variables);
          if (!numbers) return null;

          const rows = await latestReleaseIdsByNumber(ctx.manager, numbers);
          // A missing edition answers null; not worth keeping, and an edition may yet be created.
          if (rows.length !== numbers.length) return null;
          const latest = latestReleaseLoader(ctx);
          for (const row of rows) latest.prime(row.edition_id, row.release_id);

          const key = ReleaseCache.keyOf(rows.map((r) => r.release_id), queryHash, operationName ?? null, request.variables ?? {});
          const stored = ctx.releaseCache.answer(key);
          if (!stored) {
            miss = { key, cache: ctx.releaseCache };
            return null;
          }
          const headers = new HeaderMap([['etag', stored.etag], ['cache-control', 'no-cache']]);
          // Node sends no body with a 304.
          const status = request.http?.headers.get('if-none-match') === stored.etag ? 304 : undefined;
          return { http: { status, headers }, body: { kind: 'single', singleResult: stored.result as FormattedExecutionResult } };
        },
        async willSendResponse({ response }) {
          if (!miss || response.body.kind !== 'single' || response.body.singleResult.errors) return;
          const { etag } = miss.cache.keepAnswer(miss.key, response.body.singleResult);
          response.http.headers.set('etag', etag);
          response.http.headers.set('cache-control', 'no-cache');
        },
      };
    },
  };
}
