/** `npm run openapi`: rewrites openapi.yaml from the routes. */
import fs from 'node:fs/promises';
import { OPENAPI_PATH, generateOpenApiYaml } from '../openapi.js';

await fs.writeFile(OPENAPI_PATH, await generateOpenApiYaml());
process.stdout.write(`wrote ${OPENAPI_PATH.pathname}\n`);
