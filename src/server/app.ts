import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express from 'express';
import { GraphQLError, parse, specifiedRules, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { pinoHttp } from 'pino-http';
import { WebSocketServer } from 'ws';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { LoginThrottle } from '../auth/login-throttle';
import { authenticate, bearerToken } from '../auth/tokens';
import type { Actor } from '../auth/actor';
import { Locale } from '../common/enums';
import { DomainError } from '../common/errors';
import type { Config } from '../config';
import type { RequestContext } from '../context';
import { ChangeHub } from '../db/change-hub';
import { openDatabase } from '../db/database';
import { Loaders } from '../db/loaders';
import type { Logger } from '../logger';
import { releaseAnswersPlugin } from '../modules/releases/release-answers';
import { buildAppSchema } from '../schema';
import { compiledExecution } from './compiled-execution';
import { createErrorFormatter, isDatabaseUnavailable } from './format-error';
import { exportRoutes } from './exports';
import { serveExplorer, wantsExplorer } from './graphiql';
import { localeOf } from './locale';
import { PARSE_OPTIONS, queryLimits } from './query-limits';
import { requestStore, runInRequest } from '../request-store';

export interface AppOptions {
  config: Config;
  log: Logger;
  databaseUrl: string;
  /** Runs once the database is migrated, before the service reports ready (loads the demo data). */
  prepare?: (dataSource: DataSource) => Promise<void>;
  now?: () => Date;
}

export interface App {
  /** e.g. http://127.0.0.1:4000 */
  origin: string;
  httpServer: Server;
  /** Settles when the database is migrated and prepared; rejects if that failed for good. */
  ready: Promise<void>;
  dataSource(): DataSource | undefined;
  close(): Promise<void>;
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;


function unavailable(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } } });
}

export async function startApp(options: AppOptions): Promise<App> {
  const { config, log } = options;
  const now = options.now ?? (() => new Date());
  let dataSource: DataSource | undefined;
  let isReady = false;

  const changes = new ChangeHub(log);
  let loginThrottle: LoginThrottle | undefined;

  /** The request context of an HTTP request or a WebSocket connection. */
  async function contextFor(
    requestId: string,
    requestLog: Logger,
    authorization: unknown,
    acceptLanguage: unknown,
    clientAddress: string,
  ): Promise<RequestContext> {
    if (!isReady || !dataSource || !loginThrottle) throw unavailable('The service is starting: the database is not ready yet');
    const manager = dataSource.manager;
    let actor: Actor | null = null;
    const token = bearerToken(typeof authorization === 'string' ? authorization : null);
    if (token) {
      try {
        actor = await authenticate(manager, token, now());
      } catch (error) {
        if (error instanceof DomainError) {
          throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
        }
        if (isDatabaseUnavailable(error)) throw unavailable('The database is not reachable; try again shortly');
        throw error;
      }
    }
    return {
      requestId,
      log: requestLog,
      config,
      dataSource,
      manager,
      actor,
      locale: localeOf(typeof acceptLanguage === 'string' ? acceptLanguage : undefined),
      loaders: new Loaders(manager),
      clientAddress,
      loginThrottle,
      changes,
      now,
    };
  }

  const expressApp = express();
  expressApp.disable('x-powered-by');
  // Express would hash every answer for a weak ETag; the answers that can be revalidated set their own.
  expressApp.set('etag', false);
  const httpServer = createServer(expressApp);

  const wsContext = (socket: { connectionParams?: Readonly<Record<string, unknown>>; extra: { request: IncomingMessage } }) => {
    const params = socket.connectionParams ?? {};
    const authorization = params.Authorization ?? params.authorization ?? params.token;
    const request = socket.extra.request;
    return contextFor(randomUUID(), log, authorization, request.headers['accept-language'], request.socket.remoteAddress ?? 'unknown');
  };

  const schema = await buildAppSchema(changes);
  const limits = queryLimits();
  // Subscriptions: graphql-ws on the same path; the token comes in the connection's init payload.
  // Attached by hand rather than given the server: ws would re-emit the server's errors (a port in use),
  // which graphql-ws prints as a stack trace.
  const wsServer = new WebSocketServer({ noServer: true, path: '/graphql' });
  httpServer.on('upgrade', (request, socket, head) => wsServer.handleUpgrade(request, socket, head, (ws) => wsServer.emit('connection', ws, request)));
  const formatError = createErrorFormatter(log);
  const wsHandle = useServer<Record<string, unknown>>(
    {
      schema,
      // A connection with a bad token is refused at once (close code 4403).
      onConnect: (socket) => wsContext(socket).then(() => true, () => false),
      // The same query limits as over HTTP, before anything runs.
      onSubscribe: async (socket, _id, payload) => {
        let document;
        try {
          document = parse(payload.query, PARSE_OPTIONS);
        } catch (error) {
          return [error as GraphQLError];
        }
        const errors = validate(schema, document, [...specifiedRules, ...limits.validationRules]);
        if (errors.length) return errors;
        return {
          schema,
          document,
          variableValues: payload.variables,
          operationName: payload.operationName,
          contextValue: await wsContext(socket),
        };
      },
      onError: (_socket, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e)),
      onNext: (_socket, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) } : undefined,
    },
    wsServer,
  );

  const apollo = new ApolloServer<RequestContext>({
    gateway: compiledExecution(schema, config.compiledQueries),
    validationRules: limits.validationRules,
    parseOptions: PARSE_OPTIONS,
    allowBatchedHttpRequests: false,
    formatError,
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
              await wsHandle.dispose();
            },
          };
        },
      },
      ApolloServerPluginLandingPageDisabled(),
      // No response cache hints are used: skip wrapping every field to compute them.
      ApolloServerPluginCacheControlDisabled(),
      releaseAnswersPlugin(),
      {
        // The SQL statements of the request: what the N+1 tests and the benchmark read.
        async requestDidStart() {
          return {
            async willSendResponse({ response }) {
              const count = requestStore.getStore()?.statements.count;
              if (count !== undefined) response.http.headers.set('x-sql-statements', String(count));
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  expressApp.use(
    pinoHttp({
      logger: log,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
  expressApp.use((req, _res, next) => {
    const locale = localeOf(req.headers['accept-language']);
    runInRequest(String(req.id), locale === Locale.FR ? 'fr' : locale === Locale.JA ? 'ja' : undefined, next);
  });

  expressApp.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  expressApp.get('/readyz', async (_req, res) => {
    if (!isReady || !dataSource) {
      res.status(503).json({ status: 'starting', database: 'not ready' });
      return;
    }
    try {
      await dataSource.query('SELECT 1');
      res.json({ status: 'ready', database: 'ok' });
    } catch {
      res.status(503).json({ status: 'degraded', database: 'unreachable' });
    }
  });

  expressApp.use(exportRoutes(() => (isReady ? dataSource : undefined)));
  expressApp.get('/graphql', (req, res, next) => (wantsExplorer(req) ? serveExplorer(req, res) : next()));
  expressApp.use(
    '/graphql',
    // Every operation of ours fits in a few kilobytes; variables with long texts in well under 200.
    express.json({ limit: '256kb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        contextFor(String(req.id), req.log, req.headers.authorization, req.headers['accept-language'], req.ip ?? 'unknown'),
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;

  const abort = new AbortController();
  const ready = (async () => {
    dataSource = await openDatabase(options.databaseUrl, log, { signal: abort.signal });
    await options.prepare?.(dataSource);
    await changes.start(options.databaseUrl);
    loginThrottle = new LoginThrottle((dataSource.driver as PostgresDriver).master);
    isReady = true;
    log.info({ origin }, 'ready');
  })();
  ready.catch((error) => log.error({ err: error }, 'the database could not be prepared'));

  return {
    origin,
    httpServer,
    ready,
    dataSource: () => dataSource,
    async close() {
      abort.abort();
      isReady = false;
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await ready.catch(() => undefined);
      await changes.close();
      if (dataSource?.isInitialized) await dataSource.destroy();
    },
  };
}
