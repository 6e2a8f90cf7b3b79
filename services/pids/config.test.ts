import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { pidProviderFromConfig } from './config.js';
import { DataCitePidProvider } from './datacite-pid-provider.js';
import { LocalPidProvider } from './local-pid-provider.js';

describe('DOI configuration', () => {
  it('defaults to local DOIs under the test prefix 10.5072 with the suffix cairn.{id}', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ doiProvider: 'local', doiPrefix: '10.5072', doiSuffixPattern: 'cairn.{id}', datacite: undefined });
    const provider = pidProviderFromConfig(c);
    expect(provider).toBeInstanceOf(LocalPidProvider);
    expect(provider.doiFor('k3x9p-2mq7a')).toBe('10.5072/cairn.k3x9p-2mq7a');
    expect(provider.mint('k3x9p-2mq7a', 'publish')).toEqual({ identifier: '10.5072/cairn.k3x9p-2mq7a', provider: 'local', status: 'registered' });
    expect(provider.mint('k3x9p-2mq7a', 'reserve').status).toBe('reserved');
  });

  it('names both missing DataCite credentials in one line (secrets have no defaults)', () => {
    expect(() => loadConfig({ DOI_PROVIDER: 'datacite' })).toThrow(ConfigError);
    try {
      loadConfig({ DOI_PROVIDER: 'datacite', DATACITE_REPOSITORY_ID: 'CAIRN.TEST' });
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain('DATACITE_PASSWORD');
      expect(message).not.toContain('DATACITE_REPOSITORY_ID');
      expect(message.split('\n')).toHaveLength(1);
    }
    expect(() => loadConfig({ DOI_PROVIDER: 'datacite' })).toThrow(/DATACITE_REPOSITORY_ID.*DATACITE_PASSWORD/);
  });

  it('never echoes the DataCite password and checks the other variables', () => {
    expect(() => loadConfig({ DOI_PROVIDER: 'datacite', DATACITE_REPOSITORY_ID: 'X', DATACITE_PASSWORD: 'hunter2', DATACITE_URL: 'ftp://x' })).toThrow(/DATACITE_URL/);
    try {
      loadConfig({ DOI_PROVIDER: 'datacite', DATACITE_REPOSITORY_ID: 'X', DATACITE_PASSWORD: 'hunter2', DATACITE_URL: 'ftp://x' });
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
    }
    expect(() => loadConfig({ DOI_PROVIDER: 'handle' })).toThrow(/DOI_PROVIDER/);
    expect(() => loadConfig({ DOI_PREFIX: '11.1234' })).toThrow(/DOI_PREFIX/);
    expect(() => loadConfig({ DOI_SUFFIX_PATTERN: 'cairn' })).toThrow(/DOI_SUFFIX_PATTERN/);
    expect(() => loadConfig({ DOI_SUFFIX_PATTERN: 'a/{id}' })).toThrow(/DOI_SUFFIX_PATTERN/);
  });

  it('builds the DataCite provider from a complete configuration', () => {
    const c = loadConfig({ DOI_PROVIDER: 'datacite', DOI_PREFIX: '10.82433', DOI_SUFFIX_PATTERN: 'ds-{id}', DATACITE_REPOSITORY_ID: 'CAIRN.TEST', DATACITE_PASSWORD: 'pw', DATACITE_URL: 'https://api.test.datacite.org/' });
    expect(c.datacite).toEqual({ url: 'https://api.test.datacite.org', repositoryId: 'CAIRN.TEST', password: 'pw' });
    expect(Object.isFrozen(c.datacite)).toBe(true);
    const provider = pidProviderFromConfig(c);
    expect(provider).toBeInstanceOf(DataCitePidProvider);
    expect(provider.mint('k3x9p-2mq7a', 'publish')).toEqual({ identifier: '10.82433/ds-k3x9p-2mq7a', provider: 'datacite', client: 'CAIRN.TEST', status: 'pending' });
  });
});
