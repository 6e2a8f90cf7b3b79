import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('loadConfig', () => {
  it('has working defaults and a frozen result', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8080, host: '127.0.0.1', baseUrl: 'http://localhost:8080', databaseUrl: undefined, demoData: true });
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('parses and normalises values', () => {
    const c = loadConfig({ PORT: '9000', BASE_URL: 'https://data.example.org/', DATABASE_URL: 'postgres://u@h/db', DEMO_DATA: 'false', MAX_FILE_SIZE: '1024' });
    expect(c).toMatchObject({ port: 9000, baseUrl: 'https://data.example.org', databaseUrl: 'postgres://u@h/db', demoData: false, maxFileSize: 1024 });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ BASE_URL: 'data.example.org' }, 'BASE_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ MAX_FILE_SIZE: '-1' }, 'MAX_FILE_SIZE'],
  ])('names the bad variable in one line: %j', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain(name);
      expect(message.split('\n')).toHaveLength(1);
    }
  });

  it('lists every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(/PORT .*; LOG_LEVEL|LOG_LEVEL .*; PORT/);
  });

  it('stops the server at start with exit 1 and one line on stderr', () => {
    const res = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['services/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: 'abc', BASE_URL: 'http://localhost' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(res.status).toBe(1);
    expect(res.stderr.trim()).toBe('Invalid configuration: PORT must be an integer from 0 to 65535 (got "abc")');
  });
});
