import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { API_PREFIX, API_PREFIX_OPTIONS, createApp, migrate, resolveDatabase, type RunningApp } from './bootstrap';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config';
import { buildOpenApiDocument } from './openapi';

/** Writes the OpenAPI document without connecting to anything (Nest preview mode). */
async function writeOpenApi(config: AppConfig, file: string): Promise<void> {
  const app = await NestFactory.create(
    AppModule.forRoot(config, { url: 'postgresql://preview@127.0.0.1:1/preview', poolSize: 1 }),
    new FastifyAdapter(),
    { preview: true, logger: false, abortOnError: false },
  );
  app.setGlobalPrefix(API_PREFIX, API_PREFIX_OPTIONS);
  const document = buildOpenApiDocument(app);
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
}

async function serve(config: AppConfig): Promise<void> {
  const running: RunningApp = await createApp(config);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`${signal} received: finishing in-flight requests and jobs\n`);
    const force = setTimeout(() => process.exit(1), 25_000 + config.shutdownDrainMs);
    force.unref();
    // HTTP first: stop accepting, let in-flight requests finish on live database and Redis
    // connections; only then stop queues, the relay and the connections themselves.
    running.beginDrain();
    new Promise((resolve) => setTimeout(resolve, config.shutdownDrainMs))
      .then(() => running.app.getHttpAdapter().close())
      .then(() => running.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await running.app.listen({ port: config.port, host: config.host });
  const address = running.app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  process.stdout.write(
    `Clinic HMS (${config.appRole}) listening on http://localhost:${port} — API /api/v1, docs /api/docs` +
      `${config.databaseUrl ? '' : `, embedded database in ${config.dataDir}`}\n`,
  );
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  const [command, argument] = process.argv.slice(2);
  if (command === 'migrate') {
    // One-shot: apply pending migrations (under the advisory lock) and exit.
    const { connection, embedded } = await resolveDatabase(config);
    try {
      const applied = await migrate(connection);
      process.stdout.write(applied.length ? `Applied ${applied.join(', ')}\n` : 'No pending migrations\n');
    } finally {
      await embedded?.stop();
    }
    return;
  }
  if (command === 'openapi') {
    await writeOpenApi(config, argument ?? 'docs/openapi.json');
    return;
  }
  await serve(config);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
