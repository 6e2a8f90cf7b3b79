/**
 * JSON Schemas from `schemas/` (DataCite metadata, resource-type profiles), compiled
 * once by one Ajv instance with `allErrors`, so a draft reports every problem at once.
 * Route schemas are compiled by Fastify's own validator (coercion of query strings,
 * defaults); metadata is never coerced or trimmed, only judged.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FieldError } from './errors.js';

// ajv-formats is CommonJS; under ESM its default export may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas', import.meta.url));
export const DATACITE_SCHEMA_ID = 'datacite-4.7';
const PROFILE_PREFIX = 'profile-';

export interface ProfileInfo {
  id: string;
  title: string;
  description: string;
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** Turns Ajv errors into JSON pointers + messages, under `prefix`, without duplicates. */
export function toFieldErrors(errors: ErrorObject[] | null | undefined, prefix = ''): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of errors ?? []) {
    // Branch noise from oneOf/anyOf adds nothing a person can act on beyond the branch errors.
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if') continue;
    let pointer = prefix + e.instancePath;
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'required') {
      pointer += `/${(e.params as { missingProperty: string }).missingProperty}`;
      message = 'is required';
    } else if (e.keyword === 'additionalProperties') {
      pointer += `/${(e.params as { additionalProperty: string }).additionalProperty}`;
      message = 'is not a known property';
    } else if (e.keyword === 'enum') {
      message = `must be one of: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    }
    const k = `${pointer}\u0000${message}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push({ pointer, message });
    }
  }
  return out;
}

export class MetadataValidator {
  readonly #datacite: ValidateFunction;
  readonly #profiles = new Map<string, { info: ProfileInfo; validate: ValidateFunction }>();

  constructor(schemasDir: string = SCHEMAS_DIR) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    ajv.addSchema(readJson(path.join(schemasDir, `${DATACITE_SCHEMA_ID}.schema.json`)));
    this.#datacite = ajv.getSchema(DATACITE_SCHEMA_ID)!;
    const profilesDir = path.join(schemasDir, 'profiles');
    for (const file of fs.existsSync(profilesDir) ? fs.readdirSync(profilesDir).sort() : []) {
      if (!file.endsWith('.schema.json')) continue;
      const schema = readJson(path.join(profilesDir, file));
      const schemaId = String(schema.$id);
      if (!schemaId.startsWith(PROFILE_PREFIX)) throw new Error(`profile ${file} must have an $id starting with ${PROFILE_PREFIX}`);
      const id = schemaId.slice(PROFILE_PREFIX.length);
      this.#profiles.set(id, {
        info: { id, title: String(schema.title ?? id), description: String(schema.description ?? '') },
        validate: ajv.compile(schema),
      });
    }
  }

  /** The resource-type profiles a draft may name. */
  profiles(): ProfileInfo[] {
    return [...this.#profiles.values()].map((p) => p.info);
  }

  hasProfile(id: string): boolean {
    return this.#profiles.has(id);
  }

  /**
   * Every problem of `metadata` under DataCite 4.7 and, if named, the profile.
   * Pointers are relative to the record (`/metadata/...`). Never throws.
   */
  validate(metadata: unknown, profile?: string | null): FieldError[] {
    const errors: FieldError[] = [];
    if (!this.#datacite(metadata)) errors.push(...toFieldErrors(this.#datacite.errors, '/metadata'));
    if (profile) {
      const p = this.#profiles.get(profile);
      if (!p) errors.push({ pointer: '/profile', message: `unknown profile ${profile}` });
      else if (!p.validate(metadata)) {
        const known = new Set(errors.map((e) => `${e.pointer}\u0000${e.message}`));
        errors.push(...toFieldErrors(p.validate.errors, '/metadata').filter((e) => !known.has(`${e.pointer}\u0000${e.message}`)));
      }
    }
    return errors;
  }
}
