import { sql, type Kysely } from 'kysely';

/**
 * The search context's own tables (written only by its indexer):
 *
 * - `search_documents`: one row per indexed draft or record, with a weighted tsvector
 *   generated from its text (titles A; creators B; subjects C; descriptions and the rest D),
 *   each analyzed with the document's own text-search configuration (its language).
 * - `search_terms`: every word seen in titles, creators and subjects, kept by a trigger,
 *   with a trigram index: the lexicon that expands prefixes and corrects typos.
 * - `search_state`: a version every write to `search_documents` moves (a trigger), so
 *   cached facet counts know when they are stale.
 *
 * pg_trgm is created in schema `extensions` (unless it is already installed elsewhere),
 * never in the current schema: dropping an application schema must not drop it for others.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const existing = await sql<{ schema: string }>`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db);
  let trgm = existing.rows[0]?.schema;
  if (!trgm) {
    await sql`create schema if not exists extensions`.execute(db);
    await sql`create extension if not exists pg_trgm with schema extensions`.execute(db);
    trgm = 'extensions';
  }

  await sql`
    create table search_documents (
      key text collate "C" primary key,
      record_id text not null,
      is_draft boolean not null,
      parent_id text not null,
      owner_id text not null,
      readers text[] not null,
      access_record text not null,
      access_status text not null,
      is_latest boolean not null,
      shadowed boolean not null,
      version_index integer not null,
      text_config regconfig not null,
      title text not null,
      title_sort text collate "C" not null,
      titles text not null,
      creators text not null,
      subjects text not null,
      descriptions text not null,
      publisher text not null,
      other text not null,
      doi text collate "C",
      resource_type text,
      resource_type_specific text,
      language text,
      year integer,
      subject_values text[] not null,
      affiliations text[] not null,
      file_formats text[] not null,
      created timestamptz not null,
      updated timestamptz not null,
      source_version bigint not null,
      fingerprint text not null,
      source jsonb not null,
      indexed_at timestamptz not null default clock_timestamp(),
      tsv tsvector generated always as (
        setweight(to_tsvector(text_config, titles), 'A') ||
        setweight(to_tsvector('simple'::regconfig, creators), 'B') ||
        setweight(to_tsvector(text_config, subjects), 'C') ||
        setweight(to_tsvector(text_config, descriptions), 'D') ||
        setweight(to_tsvector('simple'::regconfig, publisher || ' ' || other), 'D')
      ) stored
    ) with (toast_tuple_target = 128)`.execute(db);
  // Searches scan these rows: keep what filters, facets, sorts and ranking read inline
  // (storage main), and push the long text and the source out of line (toast_tuple_target).
  for (const column of ['tsv', 'readers', 'subject_values', 'affiliations', 'file_formats', 'title_sort', 'publisher']) {
    await sql`alter table search_documents alter column ${sql.id(column)} set storage main`.execute(db);
  }
  await sql`create index search_documents_tsv on search_documents using gin (tsv)`.execute(db);
  await sql`create index search_documents_type on search_documents (lower(resource_type))`.execute(db);
  await sql`create index search_documents_language on search_documents (language)`.execute(db);
  await sql`create index search_documents_owner on search_documents (owner_id)`.execute(db);
  await sql`create index search_documents_created on search_documents (created, key)`.execute(db);
  await sql`create index search_documents_updated on search_documents (updated, key)`.execute(db);
  await sql`create index search_documents_title on search_documents (title_sort, key)`.execute(db);
  await sql`create index search_documents_doi on search_documents (doi)`.execute(db);
  await sql`create index search_documents_indexed on search_documents (indexed_at)`.execute(db);

  // A counter every write to search_documents moves: cached facet counts are valid while it stands still.
  await sql`create table search_state (id integer primary key check (id = 1), version bigint not null)`.execute(db);
  await sql`insert into search_state (id, version) values (1, 0)`.execute(db);
  await sql`
    create function search_state_bump() returns trigger language plpgsql as $$
    begin
      update search_state set version = version + 1 where id = 1;
      return null;
    end
    $$`.execute(db);
  await sql`create trigger search_state_on_write after insert or update or delete or truncate on search_documents for each statement execute function search_state_bump()`.execute(db);

  await sql`create table search_terms (word text collate "C" primary key)`.execute(db);
  await sql`create index search_terms_trgm on search_terms using gin (word ${sql.id(trgm)}.gin_trgm_ops)`.execute(db);
  await sql`
    create function search_terms_collect() returns trigger language plpgsql as $$
    begin
      insert into search_terms (word)
      select distinct w
      from new_rows r, unnest(tsvector_to_array(to_tsvector('simple'::regconfig, r.titles || ' ' || r.creators || ' ' || r.subjects))) as w
      where length(w) between 3 and 40 and w !~ '^[0-9]'
      on conflict do nothing;
      return null;
    end
    $$`.execute(db);
  // Statement-level with transition tables: one insert per bulk write, not one per row.
  await sql`create trigger search_terms_on_insert after insert on search_documents referencing new table as new_rows for each statement execute function search_terms_collect()`.execute(db);
  await sql`create trigger search_terms_on_update after update on search_documents referencing new table as new_rows for each statement execute function search_terms_collect()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table search_documents`.execute(db);
  await sql`drop function search_terms_collect()`.execute(db);
  await sql`drop function search_state_bump()`.execute(db);
  await sql`drop table search_terms`.execute(db);
  await sql`drop table search_state`.execute(db);
}
