import { sql, type Kysely } from 'kysely';

/**
 * Issue 3, point 7: curator reviews and access requests. `requests` holds each request
 * and its state; `request_events` its timeline (comments and actions), append-only like
 * the audit log. At most one open request per record and kind (per requester for access
 * requests), enforced by partial unique indexes so concurrent submissions cannot both win.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('publish-review', 'embargo-extension', 'early-lift', 'access-request')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('submitted', 'accepted', 'declined', 'cancelled', 'expired')`))
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('receiver_type', 'text', (c) => c.notNull().check(sql`receiver_type in ('curators', 'user')`))
    .addColumn('receiver_id', 'text')
    .addColumn('payload', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('approved_revision', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('requests_record').on('requests').columns(['record_id', 'type', 'status']).execute();
  await db.schema.createIndex('requests_created_by').on('requests').columns(['created_by', 'created_at']).execute();
  await db.schema.createIndex('requests_receiver').on('requests').columns(['receiver_type', 'receiver_id', 'status']).execute();
  await sql`create index requests_open_expiry on requests (expires_at) where status = 'submitted'`.execute(db);
  await sql`create unique index requests_one_open on requests (type, record_id) where status = 'submitted' and type <> 'access-request'`.execute(db);
  await sql`create unique index requests_one_open_access on requests (record_id, created_by) where status = 'submitted' and type = 'access-request'`.execute(db);

  await db.schema
    .createTable('request_events')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('requests.id'))
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('comment', 'action')`))
    .addColumn('action', 'text', (c) => c.check(sql`action in ('submitted', 'accepted', 'declined', 'cancelled', 'expired')`))
    .addColumn('actor_id', 'text')
    .addColumn('content', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('request_events_action', sql`(type = 'action') = (action is not null)`)
    .execute();
  await db.schema.createIndex('request_events_request').on('request_events').columns(['request_id', 'id']).execute();
  // The timeline is history: the database refuses to change or remove it.
  await sql`
    create function request_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'request_events is append-only';
    end $$`.execute(db);
  await sql`
    create trigger request_events_append_only before update or delete on request_events
    for each row execute function request_events_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('request_events').execute();
  await sql`drop function request_events_append_only()`.execute(db);
  await db.schema.dropTable('requests').execute();
}
