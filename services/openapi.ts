/** Generates the OpenAPI document from the route schemas (the committed openapi.yaml must equal it). */
import os from 'node:os';
import path from 'node:path';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openPGlite } from './platform/db/kysely.js';

export const OPENAPI_PATH = new URL('../openapi.yaml', import.meta.url);

export async function generateOpenApiYaml(): Promise<string> {
  // Fixed settings: the document must not depend on the machine that generates it.
  const config = loadConfig({ BASE_URL: 'http://localhost:8080', DATA_DIR: path.join(os.tmpdir(), 'cairn-openapi') });
  const handle = await openPGlite();
  try {
    const { app } = await buildApp({ config, db: handle.db, logger: false });
    await app.ready();
    const yaml = app.swagger({ yaml: true });
    await app.close();
    return yaml;
  } finally {
    await handle.close();
  }
}
