/**
 * Writes a migration with the SQL that makes a freshly migrated database match
 * the entities. Usage: npm run migration:generate -- <name>
 * Uses DATABASE_URL when set, else a throw-away embedded database.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../apps/api/src/database/data-source-options';
import { startEmbeddedPostgres } from '../apps/api/src/database/embedded-postgres';
import { runMigrations } from '../apps/api/src/database/migrate';
import { pendingSchemaChanges } from '../apps/api/src/database/schema-diff';

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9-]+$/.test(name)) throw new Error('usage: migration:generate <kebab-case-name>');
  const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres(null);
  const url = process.env.DATABASE_URL ?? embedded!.url;
  const ds = new DataSource(dataSourceOptions({ url, poolSize: 1 }));
  await ds.initialize();
  try {
    await runMigrations(ds);
    const { up, down } = await pendingSchemaChanges(ds);
    if (up.length === 0) {
      console.log('Entities and migrations agree: nothing to generate.');
      return;
    }
    const ts = Date.now();
    const className = name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()) + ts;
    const q = (sql: string) => `    await queryRunner.query(${JSON.stringify(sql)});`;
    const file = join(__dirname, '../apps/api/src/database/migrations', `${ts}-${name}.ts`);
    writeFileSync(
      file,
      `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up.map(q).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${down.reverse().map(q).join('\n')}
  }
}
`,
    );
    const index = join(__dirname, '../apps/api/src/database/migrations/index.ts');
    const source = readFileSync(index, 'utf8')
      .replace(/(\n\/\*\* Every migration)/, `import { ${className} } from './${ts}-${name}';\n$1`)
      .replace(/\];\s*$/, `, ${className}];\n`)
      .replace(/\[,\s*/, '[');
    writeFileSync(index, source);
    console.log(`Wrote ${file} and listed it in migrations/index.ts; review it, then run prettier.`);
  } finally {
    await ds.destroy();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
