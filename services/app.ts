/**
 * buildApp(deps): the one place where everything is wired, explicitly. Tests call it
 * with a test database and use `app.inject`; main.ts calls it with the real config.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { permissionPolicy } from './access/policy.js';
import { AccessService } from './access/service.js';
import type { Config } from './config.js';
import { LocalFileStore } from './files/local-file-store.js';
import { FilesService, releaseBlobsHandler } from './files/service.js';
import authHooks from './platform/auth-hooks.js';
import { systemClock, type Clock } from './platform/clock.js';
import type { Database } from './platform/db/database.js';
import { installErrorHandler } from './platform/errors.js';
import { healthRoutes } from './platform/health-routes.js';
import { problemSchema } from './platform/http-schemas.js';
import idempotency from './platform/idempotency.js';
import { OutboxWorker } from './platform/outbox-worker.js';
import { unitOfWorkFactory } from './platform/uow.js';
import { MetadataValidator } from './platform/validation.js';
import { draftFileRoutes, recordFileRoutes } from './records/file-routes.js';
import { DraftFilesService } from './records/draft-files-service.js';
import { fileEntrySchema } from './records/file-http-schemas.js';
import { recordSchema } from './records/http-schemas.js';
import { profileRoutes, recordRoutes, userRecordRoutes } from './records/routes.js';
import { RecordsService } from './records/service.js';

export interface AppDeps {
  readonly config: Config;
  readonly db: Kysely<Database>;
  readonly clock?: Clock;
  /** Fastify logger options; `false` silences (tests). */
  readonly logger?: FastifyServerOptions['logger'];
}

export interface Services {
  readonly access: AccessService;
  readonly records: RecordsService;
  readonly draftFiles: DraftFilesService;
  readonly files: FilesService;
  readonly validator: MetadataValidator;
}

export interface BuiltApp {
  readonly app: FastifyInstance;
  readonly services: Services;
  readonly outbox: OutboxWorker;
}

export const API_VERSION = '0.1.0';

export async function buildApp(deps: AppDeps): Promise<BuiltApp> {
  const { config, db } = deps;
  const clock = deps.clock ?? systemClock;
  const app = Fastify({
    logger: deps.logger ?? { level: config.logLevel },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 4 * 1024 * 1024,
    ajv: { customOptions: { removeAdditional: true, coerceTypes: 'array', useDefaults: true, allErrors: true } },
  });

  // Services: plain constructors with frozen configs.
  let outbox: OutboxWorker | undefined;
  const uow = unitOfWorkFactory(db, clock, () => outbox?.wake());
  const validator = new MetadataValidator();
  const store = new LocalFileStore({ root: path.join(config.dataDir, 'files') });
  const files = new FilesService({
    db,
    uow,
    store,
    clock,
    limits: { maxFileSize: config.maxFileSize, recordQuota: config.recordQuota, maxFilesPerRecord: config.maxFilesPerRecord },
  });
  const access = new AccessService({ db, uow, clock, policy: permissionPolicy });
  const records = new RecordsService({ db, uow, clock, files, validator, policy: permissionPolicy });
  const draftFiles = new DraftFilesService({ db, uow, records, files });
  outbox = new OutboxWorker({ db, clock, log: app.log as never, handlers: { 'files.release': releaseBlobsHandler({ db, store }) } });

  installErrorHandler(app);
  app.addSchema(problemSchema);
  app.addSchema(recordSchema);
  app.addSchema(fileEntrySchema);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Cairn API',
        version: API_VERSION,
        description: 'Data publication repository: DataCite records, drafts, files, versions.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: '/', description: 'This server.' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A personal access token.' } } },
      security: [{ bearer: [] }, {}],
      tags: [
        { name: 'records', description: 'Drafts, published records and versions.' },
        { name: 'files', description: 'Files of drafts and records.' },
        { name: 'operations', description: 'Health.' },
      ],
    },
    refResolver: { buildLocalReference: (json, _base, _frag, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await app.register(authHooks, { authenticate: (token) => access.authenticate(token) });
  await app.register(idempotency, { db, clock });

  await app.register(healthRoutes, { prefix: '/health', db });
  await app.register(recordRoutes, { prefix: '/api/records', records, validator, baseUrl: config.baseUrl });
  await app.register(draftFileRoutes, { prefix: '/api/records', draftFiles, baseUrl: config.baseUrl });
  await app.register(recordFileRoutes, { prefix: '/api/records', draftFiles, baseUrl: config.baseUrl });
  await app.register(userRecordRoutes, { prefix: '/api/user', records, validator, baseUrl: config.baseUrl });
  await app.register(profileRoutes, { prefix: '/api/profiles', validator });

  app.addHook('onClose', async () => {
    await outbox?.stop();
  });

  return { app, services: { access, records, draftFiles, files, validator }, outbox };
}
