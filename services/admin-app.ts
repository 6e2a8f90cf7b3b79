/**
 * The admin listener: a second Fastify app on a Unix socket in DATA_DIR (mode 0600,
 * so only the account running the server may use it). The `cairn` CLI talks to it
 * while the server holds the embedded database, since PGlite admits one process.
 */
import fs from 'node:fs/promises';
import Fastify, { type FastifyInstance } from 'fastify';
import { SYSTEM, type AccessService } from './access/service.js';
import { installErrorHandler } from './platform/errors.js';

export interface AdminAppDeps {
  readonly access: AccessService;
}

export const createUserBody = {
  type: 'object',
  properties: {
    email: { type: 'string', minLength: 3, maxLength: 254 },
    role: { enum: ['depositor', 'curator', 'admin'] },
    token: { type: 'boolean', default: false },
  },
  required: ['email'],
  additionalProperties: false,
} as const;

export interface CreateUserRequest {
  email: string;
  role?: 'depositor' | 'curator' | 'admin';
  token?: boolean;
}

/** Creates a user (and optionally a token) as the system; shared by the CLI and the admin app. */
export async function createUserCommand(access: AccessService, input: CreateUserRequest) {
  const user = await access.createUser(SYSTEM, { email: input.email, ...(input.role ? { role: input.role } : {}) });
  const token = input.token ? await access.createToken(SYSTEM, user.id, { name: 'cli' }) : undefined;
  return { user: { id: user.id, email: user.email, role: user.role }, ...(token ? { token: token.token } : {}) };
}

export function buildAdminApp(deps: AdminAppDeps): FastifyInstance {
  const app = Fastify({ logger: false });
  installErrorHandler(app);
  app.post('/users', { schema: { body: createUserBody } }, async (request, reply) => {
    const result = await createUserCommand(deps.access, request.body as CreateUserRequest);
    return reply.code(201).send(result);
  });
  return app;
}

/** Listens on `socketPath` (replacing a stale socket file) with owner-only permissions. */
export async function listenAdmin(app: FastifyInstance, socketPath: string): Promise<void> {
  await fs.rm(socketPath, { force: true });
  await app.listen({ path: socketPath });
  await fs.chmod(socketPath, 0o600);
}
