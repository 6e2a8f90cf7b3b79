import { sql, type Kysely } from 'kysely';

// Persistent identifiers (issue 4): the concept DOI lives on the parent; records already carry their
// own `pids`. DOIs resolve through /doi/{doi}, so both are looked up by identifier (case-insensitive).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('parents').addColumn('pids', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`)).execute();
  await db.schema.createIndex('records_doi').on('records').expression(sql`lower(pids->'doi'->>'identifier')`).execute();
  await db.schema.createIndex('parents_doi').on('parents').expression(sql`lower(pids->'doi'->>'identifier')`).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('parents_doi').execute();
  await db.schema.dropIndex('records_doi').execute();
  await db.schema.alterTable('parents').dropColumn('pids').execute();
}
