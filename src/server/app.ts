import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express, { Express } from 'express';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { DocumentNode, GraphQLError, GraphQLFormattedError, GraphQLSchema, parse, specifiedRules, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { pinoHttp } from 'pino-http';
import { WebSocketServer } from 'ws';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { Actor } from '../auth/actor';
import { LoginThrottle } from '../auth/login-throttle';
import { authenticate, bearerToken } from '../auth/tokens';
import { Locale } from '../common/enums';
import { DomainError, ServiceUnavailable } from '../common/errors';
import { Mailer } from '../common/mailer';
import { currentScope, newScope, RequestScope, runInScope } from '../common/request-scope';
import type { Config } from '../config';
import { ChangeHub } from '../db/changes/change-hub';
import { openDatabase } from '../db/database';
import { unavailabilityOf } from '../db/unavailable';
import { Loaders } from '../db/loaders';
import { JobQueue } from '../db/queue/job-queue';
import type { JobKind } from '../db/queue/job-queue';
import { NoticeFeed } from '../db/queue/notice-feed';
import type { Logger } from '../logger';
import { entities, jobs } from '../modules';
import { NOTIFICATION_CHANNEL } from '../modules/notifications/notification.service';
import type { RequestContext } from '../modules/context';
import { AccountEvents } from '../modules/accounts/account-events';
import { ReleaseCache } from '../modules/releases/release.cache';
import { compiledExecution } from './compiled-execution';
import { accountPageRoutes } from './account-page';
import { exportRoutes } from './exports';
import { spreadsheetRoutes } from './spreadsheets';
import { createErrorFormatter } from './format-error';
import { serveExplorer, wantsExplorer } from './graphiql';
import { LiveConnections, LiveSocket } from './live-connections';
import { mailAccountEvents } from './account-mail';
import { localeOf } from './locale';
import { writeNotification } from './messages';
import { queryBudgetPlugin } from './query-budget';
import { PARSE_OPTIONS, queryLimits } from './query-limits';
import { corsFor, privateAnswers, securityHeaders } from './http-headers';
import { releaseAnswersPlugin } from './release-answers';
import { unavailableAnswers } from './unavailable-answers';
import { failureAnswers, requestDeadline } from './failure-answers';
import { buildAppSchema } from './schema';
import { variableLimits, variablesProblem } from './variable-limits';

export interface AppOptions {
  config: Config;
  log: Logger;
  databaseUrl: string;
  /** Runs once the database is migrated, before the service reports ready (loads the demo data). */
  prepare?: (dataSource: DataSource) => Promise<void>;
  now?: () => Date;
  /** Close without waiting for the jobs in hand, as a killed instance would (tests). */
  stopJobsAbruptly?: boolean;
}

export interface App {
  /** e.g. http://127.0.0.1:4000 */
  origin: string;
  httpServer: Server;
  /** Settles when the database is migrated and prepared; rejects if that failed for good. */
  ready: Promise<void>;
  dataSource(): DataSource | undefined;
  /** Account events to act on: `passwordResetRequested` carries the link to mail. */
  accountEvents: AccountEvents;
  close(): Promise<void>;
}

/** What the app holds for every request: its clock and its services, the database's among them once it is ready. */
interface Services {
  config: Config;
  log: Logger;
  now: () => Date;
  changes: ChangeHub;
  releaseCache: ReleaseCache;
  queue: JobQueue;
  notices: NoticeFeed;
  mailer: Mailer | null;
  accountEvents: AccountEvents;
  live: LiveConnections;
  /** PUBLIC_URL, else the address the service listens on: the base of the links it hands out. */
  publicUrl: string;
  dataSource?: DataSource;
  loginThrottle?: LoginThrottle;
  ready: boolean;
}

type FormatError = ReturnType<typeof createErrorFormatter>;
type ContextFor = (scope: RequestScope, log: Logger, authorization: unknown, clientAddress: string) => Promise<RequestContext>;

/** The service, started: each step below is one concern, in the order they depend on one another. */
export async function startApp(options: AppOptions): Promise<App> {
  const { config, log } = options;
  const now = options.now ?? (() => new Date());
  const services: Services = {
    config, log, now, changes: new ChangeHub(log), releaseCache: new ReleaseCache(), ready: false,
    accountEvents: new AccountEvents(), publicUrl: config.publicUrl ?? '',
    queue: new JobQueue(log, { timeoutSeconds: config.jobTimeoutSeconds, maintenanceSeconds: config.jobMaintenanceSeconds, pollingSeconds: config.jobPollingSeconds }),
    notices: new NoticeFeed(NOTIFICATION_CHANNEL, log),
    mailer: config.smtpUrl ? new Mailer(config.smtpUrl, config.mailFrom) : null,
    live: new LiveConnections(config, log, now),
  };
  if (services.mailer) mailAccountEvents(services.accountEvents, services.mailer, log);
  const expressApp = createExpressApp();
  const httpServer = createServer(expressApp);
  const schema = await buildAppSchema(services.changes);
  const limits = queryLimits();
  const formatError = createErrorFormatter(log);
  const contextFor = contextFactory(services);
  const subscriptions = serveSubscriptions(httpServer, schema, limits.validationRules, contextFor, formatError, log, services.live, config);
  const apollo = await startApollo(httpServer, schema, limits, formatError, subscriptions, config);
  mountRoutes(expressApp, services, apollo, contextFor, formatError);
  const origin = await listen(httpServer, config);
  services.publicUrl = config.publicUrl ?? origin;
  const abort = new AbortController();
  const ready = prepareDatabase(services, options, origin, abort.signal);

  return {
    origin,
    httpServer,
    ready,
    dataSource: () => services.dataSource,
    accountEvents: services.accountEvents,
    async close() {
      abort.abort();
      services.ready = false;
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await ready.catch(() => undefined);
      // Jobs in hand get a few seconds; any left expire and run again on another instance.
      await services.queue.stop(options.stopJobsAbruptly ? 0 : 5_000);
      await services.changes.close();
      await services.notices.close();
      services.mailer?.close();
      await services.live.close();
      if (services.dataSource?.isInitialized) await services.dataSource.destroy();
    },
  };
}

function createExpressApp(): Express {
  const app = express();
  app.disable('x-powered-by');
  // Express would hash every answer for a weak ETag; the answers that can be revalidated set their own.
  app.set('etag', false);
  return app;
}

/** A domain error thrown where Apollo expects a GraphQLError (the context function), with its HTTP status. */
function asHttpError(error: DomainError, status: number): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, extensions: { code: error.code, http: { status } } });
}

/** The request context of an HTTP request or a WebSocket connection: who asks (from the token), in its scope. */
function contextFactory(services: Services): ContextFor {
  return async (scope, log, authorization, clientAddress) => {
    const { dataSource, loginThrottle } = services;
    if (!services.ready || !dataSource || !loginThrottle) throw asHttpError(new ServiceUnavailable('starting'), 503);
    const manager = dataSource.manager;
    let actor: Actor | null = null;
    const token = bearerToken(typeof authorization === 'string' ? authorization : null);
    if (token) {
      try {
        actor = await authenticate(manager, token, services.now());
      } catch (error) {
        if (error instanceof DomainError) throw asHttpError(error, 401);
        const unavailable = unavailabilityOf(error);
        if (unavailable) throw asHttpError(new ServiceUnavailable(unavailable), 503);
        throw error;
      }
    }
    return {
      scope,
      log,
      config: services.config,
      dataSource,
      manager,
      actor,
      loaders: new Loaders(manager),
      clientAddress,
      loginThrottle,
      changes: services.changes,
      releaseCache: services.releaseCache,
      queue: services.queue,
      notices: services.notices,
      mailer: services.mailer,
      writeNotification,
      accountEvents: services.accountEvents,
      publicUrl: services.publicUrl,
      now: services.now,
    };
  };
}

/** The modules' jobs, each run with a context of its own: no actor, the service's clock, English for what it logs. */
function jobKinds(services: Services, contextFor: ContextFor): JobKind<any>[] {
  return jobs.map((job) => ({
    name: job.name,
    retryLimit: job.retryLimit,
    retryDelaySeconds: job.retryDelaySeconds,
    run: async (data, meta) => {
      const log = services.log.child({ job: job.name, jobId: meta.id });
      const ctx = await contextFor(newScope(meta.id, Locale.EN), log, undefined, 'job');
      try {
        await job.run(ctx, data, meta);
      } catch (error) {
        log.warn({ err: error, attempt: meta.retryCount + 1 }, 'job failed; the queue retries it');
        throw error;
      }
    },
  }));
}

/**
 * Subscriptions: graphql-ws on the same path, with the same query limits as over HTTP. The token
 * comes in the connection's init payload; one scope per connection, from its upgrade request.
 */
function serveSubscriptions(
  httpServer: Server,
  schema: GraphQLSchema,
  validationRules: ReturnType<typeof queryLimits>['validationRules'],
  contextFor: ContextFor,
  formatError: FormatError,
  log: Logger,
  live: LiveConnections,
  config: Config,
) {
  const scopes = new WeakMap<IncomingMessage, RequestScope>();
  const scopeOf = (request: IncomingMessage) => {
    let scope = scopes.get(request);
    if (!scope) scopes.set(request, (scope = newScope(randomUUID(), localeOf(request.headers['accept-language']))));
    return scope;
  };
  const contextOf = (socket: { connectionParams?: Readonly<Record<string, unknown>>; extra: { request: IncomingMessage } }) => {
    const params = socket.connectionParams ?? {};
    const request = socket.extra.request;
    return contextFor(scopeOf(request), log, params.Authorization ?? params.authorization ?? params.token, request.socket.remoteAddress ?? 'unknown');
  };
  const format = (errors: readonly GraphQLError[], request: IncomingMessage): GraphQLFormattedError[] =>
    errors.map((e) => formatError(e.toJSON(), e, scopeOf(request)));
  return useServer<Record<string, unknown>>(
    {
      schema,
      connectionInitWaitTimeout: config.wsSignInSeconds * 1000,
      // A connection with a bad token is refused at once (close code 4403); one token holds a few connections at most.
      onConnect: (socket) =>
        contextOf(socket).then((context) => live.opened(socket as LiveSocket, context.actor?.tokenId ?? null), () => false),
      onClose: (socket) => live.closedSocket(socket as LiveSocket),
      onSubscribe: async (socket, _id, payload) => {
        const refused = live.refusal(socket as LiveSocket);
        if (refused) return [refused];
        // The codes Apollo gives the same errors over HTTP.
        const coded = (error: GraphQLError, code: string) =>
          new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, originalError: error.originalError, extensions: { ...error.extensions, code } });
        let document;
        try {
          document = parse(payload.query, PARSE_OPTIONS);
        } catch (error) {
          return [coded(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
        }
        const errors = validate(schema, document, [...specifiedRules, ...validationRules]);
        if (errors.length) return errors.map((error) => (error.extensions?.code ? error : coded(error, 'GRAPHQL_VALIDATION_FAILED')));
        const refusedVariables = variablesProblem(payload.variables);
        if (refusedVariables) return [new GraphQLError(refusedVariables.message, { originalError: refusedVariables })];
        let contextValue;
        try {
          contextValue = await contextOf(socket);
        } catch (error) {
          // A token revoked since the connection opened: an error for this operation, not a broken socket.
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        return { schema, document, variableValues: payload.variables, operationName: payload.operationName, contextValue };
      },
      onOperation: (socket, _id, _payload, _args, result) => live.guarded(socket as LiveSocket, result),
      onError: (socket, _id, _payload, errors) => format(errors, socket.extra.request),
      onNext: (socket, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: format(result.errors, socket.extra.request) } : undefined,
    },
    attachedByHand(httpServer, log),
  );
}

/**
 * The WebSocket server, handed the upgrades by hand rather than given the HTTP server: ws would
 * re-emit the server's own errors (a port in use), which graphql-ws prints as a stack trace.
 */
function attachedByHand(httpServer: Server, log: Logger): WebSocketServer {
  // The same cap as on HTTP bodies: ws closes a connection sending more (1009) before anything reads it.
  const wsServer = new WebSocketServer({ noServer: true, path: '/graphql', maxPayload: MAX_BODY_BYTES });
  httpServer.on('upgrade', (request, socket, head) =>
    wsServer.handleUpgrade(request, socket, head, (ws) => {
      wsServer.emit('connection', ws, request);
      // ws has closed the socket already when it reports a message too large or malformed: graphql-ws
      // would print a stack trace and try to close it again (4500); a line in the log says enough.
      ws.removeAllListeners('error');
      ws.on('error', (error) => log.info({ reason: error.message }, 'WebSocket connection closed on a protocol error'));
    }),
  );
  return wsServer;
}

/** The SQL statements of the request, in a header: what the N+1 tests and the benchmark read (SQL_STATEMENTS_HEADER). */
const statementCount: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const count = currentScope()?.statements.count;
        if (count !== undefined) response.http.headers.set('x-sql-statements', String(count));
      },
    };
  },
};

async function startApollo(
  httpServer: Server,
  schema: GraphQLSchema,
  limits: ReturnType<typeof queryLimits>,
  formatError: FormatError,
  subscriptions: ReturnType<typeof useServer>,
  config: Config,
): Promise<ApolloServer<RequestContext>> {
  const apollo = new ApolloServer<RequestContext>({
    gateway: compiledExecution(schema, { enabled: config.compiledQueries, entries: config.compiledQueryCacheEntries, mebibytes: config.compiledQueryCacheMiB }),
    // Parsed documents, by query text: Apollo's default keeps 30 MiB of their JSON, several times that in memory.
    documentStore: new InMemoryLRUCache<DocumentNode>({ maxSize: config.documentCacheMiB * 2 ** 20 }),
    validationRules: limits.validationRules,
    parseOptions: PARSE_OPTIONS,
    allowBatchedHttpRequests: false,
    formatError: (formatted, error) => formatError(formatted, error),
    includeStacktraceInErrorResponses: false,
    // The explorer and the frontends' tooling read the schema, in production too.
    introspection: true,
    // main.ts owns the signals: it stops the server, then the embedded database.
    stopOnTerminationSignals: false,
    plugins: [
      ...limits.plugins,
      // On shutdown: stop accepting, let in-flight requests finish (up to 10 s), then close.
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: 10_000 }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await subscriptions.dispose();
            },
          };
        },
      },
      ApolloServerPluginLandingPageDisabled(),
      // No response cache hints are used: skip wrapping every field to compute them.
      ApolloServerPluginCacheControlDisabled(),
      variableLimits,
      queryBudgetPlugin(schema, config),
      releaseAnswersPlugin(),
      unavailableAnswers,
      ...(config.sqlStatementsHeader ? [statementCount] : []),
      // Last: it overrides the caching headers of those before it for signed-in callers.
      privateAnswers,
    ],
  });
  await apollo.start();
  return apollo;
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/** The largest request body, over HTTP or in one WebSocket message: every operation of ours fits in a few kilobytes, variables with long texts in well under 200. */
const MAX_BODY_BYTES = 256 * 1024;

/** The routes, in the order a request meets them: its log line and scope first, then health, exports, the explorer, GraphQL. */
function mountRoutes(app: Express, services: Services, apollo: ApolloServer<RequestContext>, contextFor: ContextFor, formatError: FormatError): void {
  app.use(
    pinoHttp({
      logger: services.log,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
      // A query string is a GET's body (a GraphQL document, its variables): the path is enough.
      serializers: {
        req: (req: { url?: string; query?: unknown }) => {
          req.url = req.url?.split('?')[0];
          delete req.query;
          return req;
        },
      },
    }),
  );
  app.use(securityHeaders());
  // The request's scope, computed once: its id and language, for the context and for what has none.
  app.use((req, _res, next) => runInScope(newScope(String(req.id), localeOf(req.headers['accept-language'])), next));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (!services.ready || !services.dataSource) {
      res.status(503).json({ status: 'starting', database: 'not ready' });
      return;
    }
    try {
      await services.dataSource.query('SELECT 1');
      res.json({ status: 'ready', database: 'ok' });
    } catch {
      res.status(503).json({ status: 'degraded', database: 'unreachable' });
    }
  });

  app.use(accountPageRoutes());
  app.use(requestDeadline(services.config.requestTimeoutMs, formatError));
  app.use(spreadsheetRoutes(contextFor));
  app.use(exportRoutes(() => (services.ready ? services.dataSource : undefined), services.releaseCache, () => services.publicUrl));
  app.get('/graphql', (req, res, next) => (wantsExplorer(req) ? serveExplorer(req, res) : next()));
  app.use('/graphql', corsFor(services.config.corsOrigins));
  app.use(
    '/graphql',
    express.json({ limit: MAX_BODY_BYTES }),
    expressMiddleware(apollo, {
      context: async ({ req }) => contextFor(currentScope()!, req.log, req.headers.authorization, req.ip ?? 'unknown'),
    }),
  );
  app.use(failureAnswers(services.log, formatError));
}

/** Listens on the configured port; the origin clients reach it at. */
async function listen(httpServer: Server, config: Config): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
}

/**
 * Readiness: the database is opened (retried while it does not answer) and migrated, prepared (the
 * demo), then listened to for changes; only then do requests get a context.
 */
async function prepareDatabase(services: Services, options: AppOptions, origin: string, signal: AbortSignal): Promise<void> {
  const ready = (async () => {
    const dataSource = (services.dataSource = await openDatabase(options.databaseUrl, entities, services.log, { signal, statementTimeoutMs: options.config.statementTimeoutMs }));
    await options.prepare?.(dataSource);
    await services.changes.start(options.databaseUrl);
    await services.notices.start(options.databaseUrl);
    await services.live.start(options.databaseUrl);
    services.loginThrottle = new LoginThrottle((dataSource.driver as PostgresDriver).master);
    await services.queue.start(options.databaseUrl, jobKinds(services, contextFactory(services)));
    services.ready = true;
    if (services.config.jobWorkers) await services.queue.work(options.databaseUrl);
    services.log.info({ origin }, 'ready');
  })();
  ready.catch((error) => services.log.error({ err: error }, 'the database could not be prepared'));
  return ready;
}
