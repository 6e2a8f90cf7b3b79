/**
 * The contract suite against a real Elasticsearch: the one named by ELASTICSEARCH_URL,
 * or a container started by testcontainers when a Docker engine answers. Neither here:
 * skipped, saying so once.
 */
import { randomBytes } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';
import { describe, it } from 'vitest';
import { ElasticsearchSearchIndex } from './elasticsearch-search-index.js';
import { searchIndexContract } from './search-index.contract.js';

const IMAGE = 'docker.elastic.co/elasticsearch/elasticsearch:8.19.2';

async function elasticsearch(): Promise<{ url: string; stop(): Promise<void> } | undefined> {
  // The one place this suite reads the environment: like DATABASE_URL, tests pick their engine.
  const url = process.env.ELASTICSEARCH_URL;
  if (url) return { url, stop: async () => undefined };
  let runtime = false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    runtime = true;
  } catch {
    return undefined;
  }
  if (!runtime) return undefined;
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(IMAGE)
    .withEnvironment({ 'discovery.type': 'single-node', 'xpack.security.enabled': 'false', ES_JAVA_OPTS: '-Xms512m -Xmx512m' })
    .withExposedPorts(9200)
    .withWaitStrategy(Wait.forHttp('/_cluster/health?wait_for_status=yellow', 9200).forStatusCode(200))
    .withStartupTimeout(180_000)
    .start();
  return { url: `http://${container.getHost()}:${container.getMappedPort(9200)}`, stop: async () => void (await container.stop()) };
}

const engine = await elasticsearch();

if (engine) {
  searchIndexContract(`Elasticsearch (${engine.url})`, async () => {
    const client = new Client({ node: engine.url });
    const alias = `cairn-test-${randomBytes(4).toString('hex')}`;
    return {
      index: new ElasticsearchSearchIndex({ client, alias, refresh: 'wait_for' }),
      close: async () => {
        await client.indices.delete({ index: `${alias}-v*` }, { ignore: [404] });
        await client.indices.deleteIndexTemplate({ name: `${alias}-template` }, { ignore: [404] });
        await client.close();
        await engine.stop();
      },
    };
  });
} else {
  console.warn('SearchIndex contract: Elasticsearch skipped (set ELASTICSEARCH_URL, or run where testcontainers finds a Docker engine)');
  describe.skip('SearchIndex contract: Elasticsearch', () => {
    it('needs ELASTICSEARCH_URL or a Docker engine', () => undefined);
  });
}
