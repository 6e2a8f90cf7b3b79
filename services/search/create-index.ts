/** Chooses the SearchIndex adapter: Elasticsearch when a URL is configured, else PostgreSQL full text. */
import { Client } from '@elastic/elasticsearch';
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/database.js';
import { ElasticsearchSearchIndex } from './elasticsearch-search-index.js';
import { PostgresSearchIndex } from './postgres-search-index.js';
import type { SearchIndex } from './search-index.js';

export function createSearchIndex(options: { db: Kysely<Database>; elasticsearchUrl: string | undefined }): SearchIndex {
  if (options.elasticsearchUrl) {
    return new ElasticsearchSearchIndex({ client: new Client({ node: options.elasticsearchUrl, requestTimeout: 10_000 }) });
  }
  return new PostgresSearchIndex({ db: options.db });
}
