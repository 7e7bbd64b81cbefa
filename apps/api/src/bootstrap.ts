import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { AdminAccountService } from './auth/admin-account.service';
import { problem, PROBLEM_CONTENT_TYPE } from './common/errors/problem';
import { requestIdOf, requestLogHook, ROOT_LOGGER } from './common/logging';
import { requestContextHook } from './common/request-context';
import type { Logger as PinoLoggerInstance } from 'pino';
import { guardedFormParser, guardedJsonParser, refuseNulInUrl } from './common/http/input-guards';
import { dataSecurityHeaders, isDataAnswer, securityHeaders } from './common/http/security-headers';
import { createValidationPipe } from './common/http/validation';
import type { AppConfig } from './config/app-config';
import type { DatabaseConnection } from './database/data-source-options';
import { ApiErrorFilter, FHIR_PREFIX, isFhirPath, unknownFhirRoute } from './fhir/fhir-http';
import { dataSourceOptions } from './database/data-source-options';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './database/embedded-postgres';
import { runMigrations } from './database/migrate';
import { JobQueue } from './jobs/job-queue';
import { registerQueueDashboard } from './jobs/queue-dashboard';
import { servesHttpApi } from './jobs/roles';
import { setupOpenApi } from './openapi';

export const API_PREFIX = 'api/v1';
/** The FHIR base sits beside the versioned REST prefix, not under it. */
export const API_PREFIX_OPTIONS = { exclude: [{ path: `${FHIR_PREFIX}/{*path}`, method: RequestMethod.ALL }] };

export interface RunningApp {
  app: NestFastifyApplication;
  config: AppConfig;
  database: DatabaseConnection;
  /**
   * Starts a graceful stop: every answer from now on carries `Connection: close`,
   * so clients leave their keep-alive connections while requests already on the
   * wire are still served.
   */
  beginDrain(): void;
  /** Stops the app and, in embedded mode, the database it started. */
  close(): Promise<void>;
}

/** PostgreSQL from DATABASE_URL, or the embedded one under DATA_DIR. */
export async function resolveDatabase(
  config: AppConfig,
): Promise<{ connection: DatabaseConnection; embedded: EmbeddedPostgres | null }> {
  if (config.databaseUrl)
    return { connection: { url: config.databaseUrl, poolSize: config.databasePoolSize }, embedded: null };
  const embedded = await startEmbeddedPostgres(config.dataDir);
  return { connection: { url: embedded.url, poolSize: 1 }, embedded };
}

/** Applies pending migrations through a short-lived connection, before anything else touches the schema. */
export async function migrate(connection: DatabaseConnection): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions({ ...connection, poolSize: 1 }));
  await dataSource.initialize();
  try {
    return await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Builds the configured application (not yet listening). Used by main and by the tests alike. */
export async function createApp(config: AppConfig, options: { quiet?: boolean } = {}): Promise<RunningApp> {
  const { connection, embedded } = await resolveDatabase(config);
  try {
    await migrate(connection);
    const adapter = new FastifyAdapter({
      bodyLimit: config.bodyLimitBytes,
      trustProxy: config.trustProxy,
      genReqId: requestIdOf,
      return503OnClosing: true,
      forceCloseConnections: 'idle',
    });
    const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, connection), adapter, {
      bufferLogs: !options.quiet,
      // The body parsers are registered in configureHttp (depth and NUL guards).
      bodyParser: false,
      logger: options.quiet ? false : undefined,
      abortOnError: false,
    });
    if (!options.quiet) app.useLogger(app.get(Logger));
    else app.useLogger(false);
    const drain = { active: false };
    await configureHttp(app, config, drain);
    await app.init();
    await app.get(AdminAccountService).ensureAdmin();
    return {
      app,
      config,
      database: connection,
      beginDrain() {
        drain.active = true;
      },
      async close() {
        // Jobs first: they send mail and write through what the modules' destroy hooks close (the mail
        // transport among them), and those hooks run before any shutdown hook, the queue's included.
        await app.get(JobQueue).close();
        await app.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

async function configureHttp(
  app: NestFastifyApplication,
  config: AppConfig,
  drain: { active: boolean },
): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const parserOptions = { bodyLimit: config.bodyLimitBytes };
  const jsonParser = guardedJsonParser(
    fastify.getDefaultJsonParser('error', 'error') as Parameters<typeof guardedJsonParser>[0],
  );
  app.useBodyParser('application/json', parserOptions, jsonParser);
  // FHIR clients send application/fhir+json: parsed like JSON, with the same limits and guards.
  app.useBodyParser('application/fhir+json', parserOptions, jsonParser);
  app.useBodyParser('application/x-www-form-urlencoded', parserOptions, guardedFormParser());
  await app.register(fastifyCookie);
  // helmet's headers, computed once from these options: the pages' set, and the data answers' drawn from it (see onSend).
  const pageSecurity = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  const dataSecurity = dataSecurityHeaders(pageSecurity);
  // The request id answers in a header on every reply (problem bodies carry it too).
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Request-Id', request.id);
    done();
  });
  fastify.addHook('onRequest', refuseNulInUrl);
  fastify.addHook('onResponse', requestLogHook(app.get<symbol, PinoLoggerInstance>(ROOT_LOGGER)));
  app.enableCors({
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    credentials: true,
    exposedHeaders: ['Retry-After', 'X-Request-Id', 'Content-Disposition', 'Location'],
  });
  app.setGlobalPrefix(API_PREFIX, API_PREFIX_OPTIONS);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiErrorFilter());

  // Worker and scheduler processes answer only their health routes (for orchestrators' probes).
  if (!servesHttpApi(config)) {
    fastify.addHook('onRequest', async (request, reply) => {
      if (request.url.startsWith(`/${API_PREFIX}/health`)) return;
      return reply
        .status(404)
        .header('Content-Type', PROBLEM_CONTENT_TYPE)
        .send(
          problem(404, `This process runs the ${config.appRole} role and serves no API`, {
            code: 'role_serves_no_api',
          }),
        );
    });
  }

  // Every answer gets its security headers once its type is known: data answers OWASP's set for REST
  // answers, everything else (the web app, the API docs, the queue dashboard, their assets) helmet's full set.
  // API answers are never stored by browsers or proxies unless a route says otherwise.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.headers(isDataAnswer(reply.getHeader('content-type')) ? dataSecurity : pageSecurity);
    if ((request.url.startsWith('/api/') || isFhirPath(request.url)) && !reply.hasHeader('cache-control'))
      void reply.header('Cache-Control', 'no-store');
    if (drain.active) void reply.header('Connection', 'close');
    done(null, payload);
  });
  // Last preHandler: guards, pipes and handler run with the request's context (audit trail, log lines).
  fastify.addHook('preHandler', requestContextHook);

  setupOpenApi(app);
  await registerQueueDashboard(app, config);
  serveWebApp(app, config);
}

/** The built Angular app at `/`, with client-side routes falling back to index.html. */
function serveWebApp(app: NestFastifyApplication, config: AppConfig): void {
  const fastify = app.getHttpAdapter().getInstance();
  const root = config.webDistDir;
  const hasWeb = root !== null && existsSync(join(root, 'index.html'));
  if (hasWeb) {
    void fastify.register(fastifyStatic, {
      root,
      wildcard: false,
      index: ['index.html'],
      setHeaders: (reply, path) => {
        void reply.header(
          'Cache-Control',
          /\.[0-9a-z]{8,}\.(js|css|woff2?)$/i.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  // Client-side routes fall back to index.html; unknown API paths answer a 404 problem.
  fastify.get('/*', (request, reply) => {
    const url = request.url;
    if (isFhirPath(url)) return unknownFhirRoute(reply, 'GET', url);
    const wantsPage = !url.startsWith('/api/') && !/\.[a-z0-9]+($|\?)/i.test(url);
    if (hasWeb && wantsPage) {
      void reply.header('Cache-Control', 'no-cache').sendFile('index.html');
      return;
    }
    void reply
      .status(404)
      .header('Content-Type', PROBLEM_CONTENT_TYPE)
      .send(problem(404, `No route GET ${url.split('?')[0]}`, { code: 'route_not_found' }));
  });
}
