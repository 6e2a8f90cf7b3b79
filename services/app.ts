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
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import { authRoutes, totpRoutes } from './access/auth-routes.js';
import { AuthService } from './access/auth-service.js';
import { EmbargoWorker } from './access/embargo-worker.js';
import { groupRoutes } from './access/group-routes.js';
import { GrantsService } from './access/grants-service.js';
import { OidcVerifier } from './access/oidc-verifier.js';
import { permissionPolicy } from './access/policy.js';
import { recordAccessRoutes } from './access/record-access-routes.js';
import { AccessService } from './access/service.js';
import { sessionKey } from './access/session-key.js';
import { SessionTokens } from './access/session-tokens.js';
import { userAdminRoutes, userTokenRoutes } from './access/user-routes.js';
import type { Config } from './config.js';
import { exportRoutes, metadataImporters, recordRepresentations } from './exports/routes.js';
import { ExportsService } from './exports/service.js';
import { LocalFileStore } from './files/local-file-store.js';
import { Md5Offload } from './files/md5-offload.js';
import { createMailer } from './mail/create-mailer.js';
import { MAIL_SEND_TOPIC, MailService } from './mail/mail-service.js';
import { FilesService, releaseBlobsHandler } from './files/service.js';
import authHooks from './platform/auth-hooks.js';
import { systemClock, type Clock } from './platform/clock.js';
import type { Database } from './platform/db/database.js';
import { installErrorHandler } from './platform/errors.js';
import { healthRoutes } from './platform/health-routes.js';
import { problemSchema } from './platform/http-schemas.js';
import idempotency from './platform/idempotency.js';
import { OutboxWorker } from './platform/outbox-worker.js';
import { PeriodicTasks } from './platform/periodic-tasks.js';
import { unitOfWorkFactory } from './platform/uow.js';
import { MetadataValidator } from './platform/validation.js';
import { draftFileRoutes, recordFileRoutes } from './records/file-routes.js';
import { DraftFilesService } from './records/draft-files-service.js';
import { fileEntrySchema } from './records/file-http-schemas.js';
import { recordSchema } from './records/http-schemas.js';
import { profileRoutes, recordRoutes } from './records/routes.js';
import { RecordsService } from './records/service.js';
import { requestEventSchema, requestSchema } from './requests/http-schemas.js';
import { PublishReviewGate } from './requests/publish-review-gate.js';
import { requestRoutes } from './requests/routes.js';
import { RequestsService } from './requests/service.js';
import { pidProviderFromConfig } from './pids/config.js';
import { PidsComponent } from './pids/pids-component.js';
import { doiResolverRoutes, draftPidRoutes } from './pids/routes.js';
import { PidsService } from './pids/service.js';
import { defaultAdminEmail, OAI_DEFAULTS } from './oai/config.js';
import { oaiRoutes } from './oai/routes.js';
import { OaiService } from './oai/service.js';
import { WEB_DEFAULTS } from './web/config.js';
import { PageCache } from './web/page-cache.js';
import { webRoutes } from './web/routes.js';
import { WebPages } from './web/service.js';
import { indexCatchUp } from './search/catch-up.js';
import { SEARCH_INDEX_TOPIC, SearchComponent } from './search/component.js';
import { createSearchIndex } from './search/create-index.js';
import { SearchIndexer } from './search/indexer.js';
import { searchRoutes, userSearchRoutes } from './search/routes.js';
import { SearchService } from './search/service.js';

export interface AppDeps {
  readonly config: Config;
  readonly db: Kysely<Database>;
  readonly clock?: Clock;
  /** Fastify logger options; `false` silences (tests). */
  readonly logger?: FastifyServerOptions['logger'];
  /** OAI-PMH tuning (tests turn the page size down). */
  readonly oai?: { readonly pageSize?: number; readonly tokenTtlMs?: number };
  /** HTML pages tuning (tests shrink sitemap files; a TTL of 0 turns the page cache off). */
  readonly web?: { readonly sitemapPageSize?: number; readonly pageCacheTtlMs?: number };
}

export interface Services {
  readonly access: AccessService;
  readonly auth: AuthService;
  readonly grants: GrantsService;
  readonly mail: MailService;
  readonly records: RecordsService;
  readonly draftFiles: DraftFilesService;
  readonly files: FilesService;
  readonly validator: MetadataValidator;
  readonly exports: ExportsService;
  readonly pids: PidsService;
  readonly pages: WebPages;
  readonly oai: OaiService;
  readonly requests: RequestsService;
  readonly search: SearchService;
  readonly searchIndexer: SearchIndexer;
}

export interface BuiltApp {
  readonly app: FastifyInstance;
  readonly services: Services;
  readonly outbox: OutboxWorker;
  /** Embargo lifting and token-expiry notices; main.ts starts them. */
  readonly housekeeping: PeriodicTasks;
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
  const md5Offload = new Md5Offload();
  const files = new FilesService({
    db,
    uow,
    store,
    clock,
    limits: { maxFileSize: config.maxFileSize, recordQuota: config.recordQuota, maxFilesPerRecord: config.maxFilesPerRecord },
    md5Offload,
  });
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, log: app.log as never });
  const mail = new MailService({ db, mailer, from: config.mailFrom, baseUrl: config.baseUrl, log: app.log as never, clock });
  const access = new AccessService({ db, uow, clock, policy: permissionPolicy });
  const sessions = new SessionTokens({ secret: sessionKey(config.sessionSecret, config.dataDir), issuer: config.baseUrl, ttlSeconds: config.sessionTtlSeconds });
  const auth = new AuthService({
    db,
    uow,
    clock,
    policy: permissionPolicy,
    access,
    sessions,
    refreshTtlSeconds: config.refreshTtlSeconds,
    signupEnabled: config.signupEnabled,
    totpRequiredForAll: config.totpRequiredForAll,
    issuer: 'Cairn',
    ...(config.oidc ? { oidc: new OidcVerifier({ issuer: config.oidc.issuer, jwksUrl: config.oidc.jwksUrl, ...(config.oidc.audience ? { audience: config.oidc.audience } : {}) }) } : {}),
  });
  // Grants and records know each other: grants resolve record ids through records, records ask grants.
  let records: RecordsService | undefined;
  const grants = new GrantsService({ db, uow, clock, policy: permissionPolicy, baseUrl: config.baseUrl, records: () => records! });
  const pidProvider = pidProviderFromConfig(config);
  // Landing pages for anonymous readers, purged by every change of a record (a record component).
  const pageCache = new PageCache({ ttlMs: deps.web?.pageCacheTtlMs ?? WEB_DEFAULTS.pageCacheTtlMs, maxEntries: WEB_DEFAULTS.pageCacheEntries, quarantineMs: WEB_DEFAULTS.pageCacheQuarantineMs });
  const pidsComponent = new PidsComponent({ provider: pidProvider, records: () => records! });
  // Sensitive or flagged drafts publish only with a curator's approval of their revision (issue 3).
  const reviewGate = new PublishReviewGate({ reviewAllPublishes: config.reviewAllPublishes, baseUrl: config.baseUrl });
  // Search (issue 5): every change of a record writes an index task in its unit of work.
  const searchIndex = createSearchIndex({ db, elasticsearchUrl: config.elasticsearchUrl });
  const searchComponent = new SearchComponent();
  records = new RecordsService({
    db,
    uow,
    clock,
    files,
    validator,
    policy: permissionPolicy,
    grants,
    embargoMaxYears: config.embargoMaxYears,
    components: [pidsComponent, pageCache.component(), reviewGate, searchComponent],
  });
  const draftFiles = new DraftFilesService({ db, uow, records, files });
  const searchIndexer = new SearchIndexer({ index: searchIndex, records, readers: (parentId, ownerId) => grants.readers(parentId, ownerId) });
  const search = new SearchService({ index: searchIndex, catchUp: indexCatchUp({ db, clock, handler: searchIndexer.handler() }) });
  const requests = new RequestsService({
    db,
    uow,
    clock,
    policy: permissionPolicy,
    records,
    grants,
    access,
    mail,
    baseUrl: config.baseUrl,
    embargoMaxYears: config.embargoMaxYears,
    reviewAllPublishes: config.reviewAllPublishes,
    accessRequestExpiryDays: config.accessRequestExpiryDays,
  });
  const exportsService = new ExportsService({ records, draftFiles, baseUrl: config.baseUrl, previewDoi: (id) => pidProvider.doiFor(id) });
  const pids = new PidsService({ provider: pidProvider, component: pidsComponent, records, exports: exportsService, baseUrl: config.baseUrl });
  const pages = new WebPages({
    ...WEB_DEFAULTS,
    exports: exportsService,
    records,
    cache: pageCache,
    baseUrl: config.baseUrl,
    doiPrefix: config.doiPrefix,
    ...(deps.web?.sitemapPageSize ? { sitemapPageSize: deps.web.sitemapPageSize } : {}),
  });
  const oai = new OaiService({
    ...OAI_DEFAULTS,
    records,
    exports: exportsService,
    clock,
    baseUrl: config.baseUrl,
    adminEmail: defaultAdminEmail(config.baseUrl),
    datacentreSymbol: config.datacite?.repositoryId ?? OAI_DEFAULTS.datacentreSymbol,
    ...(deps.oai?.pageSize ? { pageSize: deps.oai.pageSize } : {}),
    ...(deps.oai?.tokenTtlMs ? { tokenTtlMs: deps.oai.tokenTtlMs } : {}),
  });
  outbox = new OutboxWorker({ db, clock, log: app.log as never, handlers: { 'files.release': releaseBlobsHandler({ db, store }), [MAIL_SEND_TOPIC]: mail.outboxHandler(), ...pids.outboxHandlers(), [SEARCH_INDEX_TOPIC]: searchIndexer.handler() } });

  installErrorHandler(app);
  app.addSchema(problemSchema);
  app.addSchema(recordSchema);
  app.addSchema(fileEntrySchema);
  app.addSchema(requestEventSchema);
  app.addSchema(requestSchema);
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
        { name: 'exports', description: 'Records in DataCite XML/JSON, JSON-LD, CSL, BibTeX and Dublin Core.' },
        { name: 'pids', description: 'DOIs: reserving them for drafts, resolving them.' },
        { name: 'oai-pmh', description: 'OAI-PMH 2.0: harvesting of public metadata (Dublin Core, DataCite), deletions included.' },
        { name: 'auth', description: 'Login, sessions, second factor, invitations.' },
        { name: 'users', description: 'Personal access tokens and user administration.' },
        { name: 'groups', description: 'Groups (sites, projects) and their members.' },
        { name: 'access', description: "A record's grants and secret links." },
        { name: 'requests', description: 'Curator reviews (publish, embargo extension, early lift) and access requests, with their timelines.' },
      ],
    },
    refResolver: { buildLocalReference: (json, _base, _frag, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await app.register(helmet, {
    // Swagger UI and the landing pages load only our own scripts and styles.
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], styleSrc: ["'self'", "'unsafe-inline'"], scriptSrc: ["'self'"] } },
  });
  await app.register(cookie);
  await app.register(authHooks, {
    authenticateBearer: (token) => auth.authenticateBearer(token),
    authenticateSession: (jwt) => auth.authenticateSession(jwt),
    resolveLink: (token) => grants.resolveLink(token),
  });
  await app.register(idempotency, { db, clock });

  await app.register(healthRoutes, { prefix: '/health', db });
  await app.register(recordRoutes, {
    prefix: '/api/records',
    records,
    validator,
    baseUrl: config.baseUrl,
    importers: metadataImporters,
    representations: recordRepresentations(exportsService),
    cache: pageCache,
  });
  await app.register(exportRoutes, { prefix: '/api/records', exports: exportsService });
  await app.register(draftPidRoutes, { prefix: '/api/records', pids, baseUrl: config.baseUrl });
  await app.register(doiResolverRoutes, { prefix: '/doi', pids, baseUrl: config.baseUrl });
  await app.register(webRoutes, { pages });
  await app.register(oaiRoutes, { prefix: '/oai2d', oai });
  await app.register(draftFileRoutes, { prefix: '/api/records', draftFiles, baseUrl: config.baseUrl });
  await app.register(recordFileRoutes, { prefix: '/api/records', draftFiles, baseUrl: config.baseUrl });
  await app.register(searchRoutes, { prefix: '/api/records', search, baseUrl: config.baseUrl });
  await app.register(userSearchRoutes, { prefix: '/api/user', search, baseUrl: config.baseUrl });
  await app.register(profileRoutes, { prefix: '/api/profiles', validator });
  const cookieOpts = { secureCookies: config.secureCookies, sessionTtlSeconds: config.sessionTtlSeconds, refreshTtlSeconds: config.refreshTtlSeconds };
  await app.register(authRoutes, { prefix: '/api/auth', auth, loginRateLimit: config.loginRateLimit, ...cookieOpts });
  await app.register(totpRoutes, { prefix: '/api/user/totp', auth });
  await app.register(userTokenRoutes, { prefix: '/api/user/tokens', access });
  await app.register(userAdminRoutes, { prefix: '/api/users', access, auth, baseUrl: config.baseUrl });
  await app.register(groupRoutes, { prefix: '/api/groups', grants });
  await app.register(recordAccessRoutes, { prefix: '/api/records', grants });
  await app.register(requestRoutes, { prefix: '/api', requests, baseUrl: config.baseUrl });
  const embargoes = new EmbargoWorker({
    records,
    clock,
    log: app.log as never,
    onLifted: async (uow, record, ownerId) => {
      const email = await access.emailOf(ownerId, uow.trx);
      const titles = (record.metadata as { titles?: Array<{ title?: string }> }).titles;
      if (email) mail.enqueue(uow, 'embargoLifted', { recordId: record.id, recordTitle: titles?.[0]?.title ?? record.id, liftedAt: clock.now().toISOString() }, [email]);
    },
  });
  const housekeeping = new PeriodicTasks({
    log: app.log as never,
    tasks: [
      { name: 'lift embargoes', intervalMs: 60_000, run: () => embargoes.runOnce() },
      { name: 'expire requests', intervalMs: 60_000, run: () => requests.expireDue() },
      {
        name: 'warn of expiring tokens',
        intervalMs: 60 * 60_000,
        run: () =>
          access.warnExpiringTokens(7 * 86_400_000, (uow, token) =>
            mail.enqueue(uow, 'tokenExpiring', { tokenName: token.name, expiresAt: token.expires_at.toISOString() }, [token.email]),
          ),
      },
    ],
  });

  app.addHook('onClose', async () => {
    await housekeeping.stop();
    await outbox?.stop();
    await searchIndex.close?.();
    await mailer.close?.();
    await md5Offload.close();
  });

  return { app, services: { access, auth, grants, mail, records, draftFiles, files, validator, exports: exportsService, pids, pages, oai, requests, search, searchIndexer }, outbox, housekeeping };
}
