import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../apps/api/src/config/app-config';

/**
 * The production shape in docker/ is not run here (no container engine), so its
 * contract is checked statically: the compose file, the Dockerfiles and nginx.
 */
const DOCKER_DIR = resolve(__dirname, '../../docker');
const COMPOSE_FILE = join(DOCKER_DIR, 'compose.yaml');
const APP_SERVICES = ['api', 'worker', 'scheduler'] as const;
const APP_MAIN = 'dist/apps/api/main.js';

interface Healthcheck {
  test?: string | string[];
  disable?: boolean;
}
interface DependsOn {
  condition?: string;
  required?: boolean;
}
interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string } | string;
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: Record<string, DependsOn> | string[];
  healthcheck?: Healthcheck;
  container_name?: string;
  ports?: (string | Record<string, unknown>)[];
  deploy?: { replicas?: number };
  profiles?: string[];
  restart?: string;
  volumes?: (string | Record<string, unknown>)[];
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

function readCompose(): ComposeFile {
  return parse(readFileSync(COMPOSE_FILE, 'utf8'), { merge: true }) as ComposeFile;
}

/** KEY=value lines of an env file. */
function readEnvFile(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match) env[match[1]] = match[2].trim();
  }
  return env;
}

/** Compose variable interpolation: ${X}, ${X:-default}, ${X:?error}, $$ (a literal $). */
function interpolate(value: string, vars: Record<string, string>): string {
  return value
    .replace(/\$\{([A-Z0-9_]+)(?:(:-|:\?)([^}]*))?\}/g, (_all, name: string, op: string | undefined, arg: string) => {
      const set = vars[name] !== undefined && vars[name] !== '';
      if (set) return vars[name];
      if (op === ':?') throw new Error(`compose requires ${name}: ${arg}`);
      return op === ':-' ? arg : '';
    })
    .replace(/\$\$/g, '$');
}

/** Variables that `${X:?...}` makes mandatory. */
function requiredVariables(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((m) => m[1]))].sort();
}

function environmentOf(service: Service, vars: Record<string, string>): Record<string, string> {
  const raw = service.environment ?? {};
  const entries: [string, string][] = Array.isArray(raw)
    ? raw.map((line) => {
        const i = line.indexOf('=');
        return [line.slice(0, i), line.slice(i + 1)];
      })
    : Object.entries(raw).map(([k, v]) => [k, v === null ? '' : String(v)]);
  return Object.fromEntries(entries.map(([k, v]) => [k, interpolate(v, vars)]));
}

function dependsOn(service: Service): Record<string, DependsOn> {
  const deps = service.depends_on ?? {};
  return Array.isArray(deps) ? Object.fromEntries(deps.map((d) => [d, {}])) : deps;
}

function commandOf(service: Service): string[] {
  const c = service.command ?? [];
  return Array.isArray(c) ? c.map(String) : c.split(/\s+/);
}

function buildOf(service: Service): { context: string; dockerfile: string } | null {
  if (!service.build) return null;
  const b = typeof service.build === 'string' ? { context: service.build } : service.build;
  const context = resolve(DOCKER_DIR, b.context);
  return { context, dockerfile: resolve(context, b.dockerfile ?? 'Dockerfile') };
}

/** Sources of `COPY` lines that read from the build context (not from another stage). */
function contextCopies(dockerfile: string): string[] {
  const text = readFileSync(dockerfile, 'utf8').replace(/\\\n/g, ' ');
  const sources: string[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*COPY\s+(.*)$/i.exec(line);
    if (!match || /--from=/.test(match[1])) continue;
    const parts = match[1].split(/\s+/).filter((p) => p && !p.startsWith('--'));
    sources.push(...parts.slice(0, -1));
  }
  return sources;
}

/** `location <prefix> { ... }` bodies of an nginx config (one level of nesting). */
function nginxLocation(conf: string, prefix: string): string | null {
  const start = conf.indexOf(`location ${prefix} {`);
  if (start < 0) return null;
  const end = conf.indexOf('\n    }', start);
  return conf.slice(start, end);
}

describe('docker compose production shape', () => {
  const compose = readCompose();
  const services = compose.services;
  const composeText = readFileSync(COMPOSE_FILE, 'utf8');
  const exampleEnv = readEnvFile(join(DOCKER_DIR, '.env.example'));

  it('defines the database, both redis stores, the one-shot migration, api, worker, scheduler, web and mail', () => {
    expect(Object.keys(services).sort()).toEqual(
      expect.arrayContaining([
        'api',
        'mailpit',
        'migrate',
        'postgres',
        'redis-cache',
        'redis-queue',
        'scheduler',
        'web',
        'worker',
      ]),
    );
  });

  it('gives every long-running service a healthcheck; only one-shot jobs disable it', () => {
    for (const [name, service] of Object.entries(services)) {
      const oneShot = service.restart === 'no';
      if (oneShot) {
        expect({ name, disable: service.healthcheck?.disable }).toEqual({ name, disable: true });
        continue;
      }
      const test = service.healthcheck?.test;
      expect({
        name,
        hasTest: Array.isArray(test) ? test.length > 1 : typeof test === 'string' && test.length > 0,
      }).toEqual({ name, hasTest: true });
      expect({ name, disable: service.healthcheck?.disable ?? false }).toEqual({ name, disable: false });
    }
  });

  it('checks postgres with pg_isready and keeps its data on a named volume', () => {
    const pg = services.postgres;
    expect(pg.image).toMatch(/^postgres:16/);
    expect(JSON.stringify(pg.healthcheck?.test)).toContain('pg_isready');
    const volume = (pg.volumes ?? []).map(String).find((v) => v.endsWith(':/var/lib/postgresql/data'));
    expect(volume).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(volume!.split(':')[0]);
  });

  it('runs the queue redis without eviction and with an append-only file, and the cache redis as a bounded LRU', () => {
    const queue = commandOf(services['redis-queue']).join(' ');
    expect(queue).toMatch(/--maxmemory-policy noeviction/);
    expect(queue).toMatch(/--appendonly yes/);
    expect((services['redis-queue'].volumes ?? []).map(String).some((v) => v.endsWith(':/data'))).toBe(true);

    const cache = commandOf(services['redis-cache']);
    expect(cache.join(' ')).toMatch(/--maxmemory \d+mb/);
    expect(cache.join(' ')).toMatch(/--maxmemory-policy allkeys-lru/);
    expect(cache[cache.indexOf('--save') + 1]).toBe('');
  });

  it('migrates once with the API image before api and worker start, after postgres is healthy', () => {
    const migrate = services.migrate;
    expect(commandOf(migrate)).toEqual(['node', APP_MAIN, 'migrate']);
    expect(migrate.image).toBe(services.api.image);
    expect(dependsOn(migrate).postgres?.condition).toBe('service_healthy');
    for (const name of APP_SERVICES) {
      const deps = dependsOn(services[name]);
      expect({ name, migrate: deps.migrate?.condition }).toEqual({ name, migrate: 'service_completed_successfully' });
      expect({ name, postgres: deps.postgres?.condition }).toEqual({ name, postgres: 'service_healthy' });
      expect({ name, redis: deps['redis-queue']?.condition }).toEqual({ name, redis: 'service_healthy' });
    }
    expect(dependsOn(services.worker).mailpit?.condition).toBe('service_healthy');
    expect(dependsOn(services.web).api?.condition).toBe('service_healthy');
  });

  it('keeps api stateless and scalable: no container name, no host port, two replicas', () => {
    const api = services.api;
    expect(api.container_name).toBeUndefined();
    expect(api.ports ?? []).toEqual([]);
    expect(api.deploy?.replicas ?? 1).toBeGreaterThanOrEqual(2);
    for (const [name, service] of Object.entries(services)) {
      expect({ name, containerName: service.container_name }).toEqual({ name, containerName: undefined });
    }
  });

  it('selects each process role with APP_ROLE', () => {
    const vars = exampleEnv;
    expect(environmentOf(services.api, vars).APP_ROLE).toBe('api');
    expect(environmentOf(services.worker, vars).APP_ROLE).toBe('worker');
    expect(environmentOf(services.scheduler, vars).APP_ROLE).toBe('scheduler');
  });

  it('asks for every mandatory variable in .env.example', () => {
    const required = requiredVariables(composeText);
    expect(required).toEqual(expect.arrayContaining(['ADMIN_PASSWORD', 'JWT_SECRET', 'POSTGRES_PASSWORD']));
    for (const name of required)
      expect({ name, inExample: exampleEnv[name] !== undefined }).toEqual({ name, inExample: true });
  });

  it('gives every app process a production configuration the app accepts, wired to the compose services', () => {
    const vars = exampleEnv;
    const pgEnv = environmentOf(services.postgres, vars);
    for (const name of ['migrate', ...APP_SERVICES]) {
      const env = environmentOf(services[name], vars);
      expect({ name, NODE_ENV: env.NODE_ENV }).toEqual({ name, NODE_ENV: 'production' });
      for (const key of [
        'JWT_SECRET',
        'DATABASE_URL',
        'REDIS_URL',
        'PUBLIC_URL',
        'CLINIC_TIMEZONE',
        'ADMIN_EMAIL',
        'ADMIN_PASSWORD',
      ]) {
        expect({ name, key, set: Boolean(env[key]) }).toEqual({ name, key, set: true });
      }
      // The app's own validation (the one that refuses to start in production without these).
      const config = loadConfig(env);
      expect(config.isProduction).toBe(true);
      // nginx is one hop and overwrites X-Forwarded-For: trust exactly that hop, never "everything".
      expect(config.trustProxy).toBe(1);
      // A real deployment (no local-trial flag) must give an https PUBLIC_URL.
      expect(() => loadConfig({ ...env, ALLOW_INSECURE_PUBLIC_URL: 'false' })).toThrow(/PUBLIC_URL must be an https/);
      expect(
        loadConfig({ ...env, ALLOW_INSECURE_PUBLIC_URL: 'false', PUBLIC_URL: 'https://clinic.example' }).publicUrl,
      ).toBe('https://clinic.example');

      const db = new URL(env.DATABASE_URL);
      expect(db.hostname).toBe('postgres');
      expect(decodeURIComponent(db.username)).toBe(pgEnv.POSTGRES_USER);
      expect(decodeURIComponent(db.password)).toBe(pgEnv.POSTGRES_PASSWORD);
      expect(db.pathname).toBe(`/${pgEnv.POSTGRES_DB}`);
      expect(new URL(env.REDIS_URL).hostname).toBe('redis-queue');
      expect(new URL(env.SMTP_URL).host).toBe('mailpit:1025');
    }
  });

  it('runs no mail catcher and publishes only the web port without a profile (production); the dev profile adds the inbox', () => {
    const production = Object.entries(services).filter(([, service]) => !service.profiles?.length);
    const published = production.filter(([, service]) => (service.ports ?? []).length > 0).map(([name]) => name);
    expect(published).toEqual(['web']);
    expect(production.map(([name]) => name)).not.toContain('mailpit');
    expect(services.mailpit.profiles).toEqual(['dev']);
    expect(services.mailpit.ports?.length).toBeGreaterThan(0);
    // Whoever depends on the inbox does so optionally, so production starts without it.
    for (const [name, service] of production) {
      const dep = dependsOn(service).mailpit;
      if (dep) expect({ name, required: dep.required }).toEqual({ name, required: false });
    }
    // Production mail needs a relay named explicitly: no silent default to the dev inbox.
    expect(requiredVariables(composeText)).toContain('SMTP_URL');
  });

  it('refuses to interpolate without the secrets (no silent defaults for them)', () => {
    const { JWT_SECRET: _omit, ...withoutSecret } = exampleEnv;
    expect(() => environmentOf(services.api, withoutSecret)).toThrow(/JWT_SECRET/);
  });

  it('builds every image from contexts and files that exist', () => {
    for (const [name, service] of Object.entries(services)) {
      const build = buildOf(service);
      if (!build) {
        expect({ name, image: typeof service.image }).toEqual({ name, image: 'string' });
        continue;
      }
      expect({ name, context: existsSync(build.context) }).toEqual({ name, context: true });
      expect({ name, dockerfile: existsSync(build.dockerfile) }).toEqual({ name, dockerfile: true });
      for (const source of contextCopies(build.dockerfile)) {
        expect({ name, source, exists: existsSync(join(build.context, source)) }).toEqual({
          name,
          source,
          exists: true,
        });
      }
    }
  });

  it('builds both images on the Node LTS line CI tests, one that package.json supports', () => {
    const ciMajor = /^LTS_NODE_MAJOR=(\d+)$/m.exec(readFileSync(resolve(__dirname, '../../.ci/run'), 'utf8'))?.[1];
    expect(ciMajor).toBeDefined();
    const engines = (
      JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as {
        engines: { node: string };
      }
    ).engines.node;
    const supportedLines = engines.split('||').map((range) => /^\^(\d+)\./.exec(range.trim())?.[1]);
    expect(supportedLines).toContain(ciMajor);
    for (const file of ['api.Dockerfile', 'web.Dockerfile']) {
      const image = /^ARG NODE_IMAGE=(\S+)$/m.exec(readFileSync(join(DOCKER_DIR, file), 'utf8'))?.[1];
      expect({ file, image }).toEqual({ file, image: `node:${ciMajor}-bookworm-slim` });
    }
  });

  it('builds the API with npm ci, prunes dev dependencies, runs main.js as a non-root user with a health check', () => {
    const dockerfile = readFileSync(join(DOCKER_DIR, 'api.Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/npm ci/);
    expect(dockerfile).toMatch(/nest build api/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    const user = [...dockerfile.matchAll(/^USER\s+(\S+)/gm)].pop()?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(dockerfile).toMatch(/HEALTHCHECK[^\n]*\\\n\s*CMD \[[^\n]*fetch\([^\n]*\/api\/v1\/health/);
    expect(dockerfile).toMatch(new RegExp(`CMD \\["node", "${APP_MAIN.replace(/\./g, '\\.')}"\\]`));
    expect(readFileSync(join(dirname(COMPOSE_FILE), 'api.Dockerfile.dockerignore'), 'utf8')).toMatch(/^\*\*$/m);
  });

  it('runs every API process with the V8 flags npm start and the benchmark use (scripts/node-flags.json)', () => {
    const dockerfile = readFileSync(join(DOCKER_DIR, 'api.Dockerfile'), 'utf8');
    const flags = (
      JSON.parse(readFileSync(resolve(DOCKER_DIR, '../scripts/node-flags.json'), 'utf8')) as {
        production: string[];
      }
    ).production;
    expect(flags.length).toBeGreaterThan(0);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    const nodeOptions = /NODE_OPTIONS="([^"]*)"/.exec(runtime)?.[1]?.split(/\s+/) ?? [];
    for (const flag of flags) expect(nodeOptions).toContain(flag);
    // No service of the compose file replaces the image's NODE_OPTIONS.
    for (const name of APP_SERVICES)
      expect(JSON.stringify(compose.services[name].environment ?? {})).not.toMatch(/NODE_OPTIONS/);
  });

  describe('nginx', () => {
    const conf = readFileSync(join(DOCKER_DIR, 'nginx.conf'), 'utf8');
    const headers = readFileSync(join(DOCKER_DIR, 'nginx-security-headers.conf'), 'utf8');
    const webDockerfile = readFileSync(join(DOCKER_DIR, 'web.Dockerfile'), 'utf8');

    it('proxies /api/ to the api service, keeping the client address and scheme', () => {
      const api = nginxLocation(conf, '/api/');
      expect(api).not.toBeNull();
      const target = /proxy_pass\s+([^;]+);/.exec(api!)?.[1];
      const upstream = target?.startsWith('$') ? new RegExp(`set \\${target} ([^;]+);`).exec(api!)?.[1] : target;
      expect(upstream).toBe('http://api:3000');
      // The client address nginx saw, replacing whatever the client wrote.
      expect(api).toMatch(/proxy_set_header X-Forwarded-For \$remote_addr;/);
      expect(api).not.toMatch(/proxy_add_x_forwarded_for/);
      expect(api).toMatch(/proxy_set_header X-Forwarded-Proto \S+;/);
      expect(api).toMatch(/proxy_set_header Host \$host;/);
      // A variable upstream needs Docker's resolver so new replicas are found.
      if (target?.startsWith('$')) expect(conf).toMatch(/resolver 127\.0\.0\.11/);
    });

    it('falls back to index.html for client routes and caches hashed bundles for a year', () => {
      expect(nginxLocation(conf, '/')).toMatch(/try_files \$uri \$uri\/ \/index\.html;/);
      expect(conf).toMatch(/max-age=31536000, immutable/);
      expect(conf).toMatch(/default\s+"no-cache"/);
      expect(conf).toMatch(/gzip on;/);
      expect(conf).toMatch(/gzip_types[^;]*application\/javascript[^;]*application\/json/);
    });

    it('sends security headers on every static answer', () => {
      for (const header of [
        'Content-Security-Policy',
        'X-Content-Type-Options',
        'X-Frame-Options',
        'Referrer-Policy',
        'Permissions-Policy',
      ]) {
        expect(headers).toMatch(new RegExp(`add_header ${header} "[^"]+" always;`));
      }
      const snippetPath = /COPY docker\/nginx-security-headers\.conf (\S+)/.exec(webDockerfile)?.[1];
      const staticLocations = conf.split('location ').filter((block) => /try_files/.test(block));
      expect(staticLocations.length).toBeGreaterThanOrEqual(2);
      for (const block of staticLocations) expect(block).toContain(`include ${snippetPath};`);
    });

    it('builds the Angular app in a node stage and serves it from nginx with a health endpoint', () => {
      expect(webDockerfile).toMatch(/ng build web/);
      expect(webDockerfile).toMatch(/COPY --from=build \/app\/dist\/apps\/web\/browser \/usr\/share\/nginx\/html/);
      expect(webDockerfile).toMatch(/COPY docker\/nginx\.conf \/etc\/nginx\/conf\.d\/default\.conf/);
      expect(conf).toMatch(/location = \/healthz/);
      expect(JSON.stringify(services.web.healthcheck?.test)).toContain('/healthz');
      expect(conf).toMatch(/listen 8080/);
      expect((services.web.ports ?? []).map(String).some((p) => p.endsWith(':8080'))).toBe(true);
    });
  });
});
