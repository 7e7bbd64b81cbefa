// `npm start`: builds whatever is missing or older than its sources, then runs
// the whole product (API, workers, scheduler, web app at /) on PORT.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const npmBin = join(root, 'node_modules', '.bin');

function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function outdated(output, sources) {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return sources.some((dir) => newestMtime(join(root, dir)) > built);
}

function run(label, command, args) {
  process.stdout.write(`Building ${label}...\n`);
  const result = spawnSync(join(npmBin, command), args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const apiMain = join(root, 'dist/apps/api/main.js');
if (outdated(apiMain, ['apps/api/src', 'libs/shared/src'])) run('the API', 'nest', ['build', 'api']);

const webIndex = join(root, 'dist/apps/web/browser/index.html');
if (
  existsSync(join(root, 'angular.json')) &&
  outdated(webIndex, ['apps/web/src', 'libs/shared/src', 'libs/api-client/src'])
) {
  run('the web app', 'ng', ['build', 'web']);
}

// The V8 flags the production image runs with (docker/api.Dockerfile's NODE_OPTIONS).
const nodeFlags = JSON.parse(readFileSync(join(root, 'scripts/node-flags.json'), 'utf8')).production;
const child = spawn(process.execPath, [...nodeFlags, apiMain, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
