import { sql, type Kysely } from 'kysely';

/**
 * Mail kept by Cairn: every message the outbox worker renders, with its status
 * (`pending` while delivery fails and is retried, `sent` once an SMTP server accepted it,
 * `logged` when no SMTP_URL is configured and the message went to the log), the number
 * of attempts and the last error. The Message-ID is the key, so a retried outbox row is
 * recognised and never sent twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sent_mail')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('outbox_id', 'bigint')
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('recipients', 'jsonb', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'sent', 'logged')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('response', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('sent_mail_status_created').on('sent_mail').columns(['status', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sent_mail').execute();
}
