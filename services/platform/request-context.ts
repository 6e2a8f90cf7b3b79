import type { Identity } from '../access/identity.js';

// The one augmentation of Fastify's request: request-scoped values only.
declare module 'fastify' {
  interface FastifyRequest {
    identity: Identity;
  }
}

export {};
