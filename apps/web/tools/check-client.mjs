#!/usr/bin/env node
// Fails when the committed API client (libs/api-client/src/generated) differs from
// what ng-openapi-gen makes of the committed OpenAPI document (docs/openapi.json).
// Usage: node apps/web/tools/check-client.mjs            (check)
//        node apps/web/tools/check-client.mjs --write    (regenerate in place)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const config = join(root, 'libs/api-client/ng-openapi-gen.json');
const committed = join(root, 'libs/api-client/src/generated');
const input = join(root, 'docs/openapi.json');
const bin = join(root, 'node_modules/ng-openapi-gen/lib/index.js');

function generate(output) {
  execFileSync(process.execPath, [bin, '-c', config, '--input', input, '--output', output], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Paths of every file below `dir`, relative to it, sorted. */
function files(dir) {
  if (!existsSync(dir)) return [];
  const walk = (d) =>
    readdirSync(d).flatMap((name) => {
      const path = join(d, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return walk(dir)
    .map((f) => relative(dir, f))
    .sort();
}

if (!existsSync(input)) {
  console.error('docs/openapi.json is missing: the API client cannot be checked.');
  process.exit(1);
}

// ng-openapi-gen stops at the first dangling $ref with a terse message: name them all first.
const doc = JSON.parse(readFileSync(input, 'utf8'));
const defined = new Set(Object.keys(doc.components?.schemas ?? {}).map((n) => `#/components/schemas/${n}`));
const dangling = new Set(
  [...JSON.stringify(doc).matchAll(/"\$ref":"(#\/components\/schemas\/[^"]+)"/g)].map((m) => m[1]),
);
for (const ref of defined) dangling.delete(ref);
if (dangling.size) {
  console.error(`docs/openapi.json refers to schemas it does not define: ${[...dangling].join(', ')}`);
  process.exit(1);
}

if (process.argv.includes('--write')) {
  generate(committed);
  console.log(`API client regenerated into ${relative(root, committed)} (${files(committed).length} files).`);
  process.exit(0);
}

const fresh = mkdtempSync(join(tmpdir(), 'hms-api-client-'));
try {
  generate(fresh);
  const want = files(fresh);
  const have = files(committed);
  const problems = [];
  for (const f of want) {
    if (!have.includes(f)) problems.push(`missing: ${f}`);
    else if (!readFileSync(join(fresh, f)).equals(readFileSync(join(committed, f)))) problems.push(`differs: ${f}`);
  }
  for (const f of have) if (!want.includes(f)) problems.push(`stale:   ${f}`);
  if (problems.length) {
    console.error(`The committed API client does not match docs/openapi.json (${problems.length} file(s)):`);
    for (const p of problems.slice(0, 50)) console.error(`  ${p}`);
    console.error('Run: node apps/web/tools/check-client.mjs --write');
    process.exit(1);
  }
  console.log(`API client matches docs/openapi.json (${want.length} files).`);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
