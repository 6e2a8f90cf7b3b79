/**
 * Checks an OAI-PMH request's arguments (spec §4) into a typed request, or the errors to
 * report: badVerb (missing, unknown or repeated verb) and badArgument (an illegal, missing,
 * repeated or malformed argument, or resumptionToken with anything but the verb).
 */
import { parseUtc, type UtcBound } from './datestamp.js';
import { OaiError, OaiErrors } from './errors.js';

export const VERBS = ['Identify', 'ListMetadataFormats', 'ListSets', 'GetRecord', 'ListIdentifiers', 'ListRecords'] as const;
export type Verb = (typeof VERBS)[number];

export type OaiRequest =
  | { verb: 'Identify' }
  | { verb: 'ListMetadataFormats'; identifier?: string }
  | { verb: 'ListSets'; resumptionToken?: string }
  | { verb: 'GetRecord'; identifier: string; metadataPrefix: string }
  | { verb: 'ListIdentifiers' | 'ListRecords'; resumptionToken: string }
  | { verb: 'ListIdentifiers' | 'ListRecords'; metadataPrefix: string; from?: UtcBound; until?: UtcBound; set?: string };

const ALLOWED: Record<Verb, { required: string[]; optional: string[]; exclusive?: string }> = {
  Identify: { required: [], optional: [] },
  ListMetadataFormats: { required: [], optional: ['identifier'] },
  ListSets: { required: [], optional: [], exclusive: 'resumptionToken' },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [] },
  ListIdentifiers: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
  ListRecords: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
};

/** setSpec syntax (the OAI-PMH schema's setSpecType). */
export const SET_SPEC = /^([A-Za-z0-9\-_.!~*'()])+(:[A-Za-z0-9\-_.!~*'()]+)*$/;

/** Parses `pairs` (query or form, in order, repeats kept). Throws OaiErrors. */
export function parseArguments(pairs: ReadonlyArray<[string, string]>): OaiRequest {
  const verbs = pairs.filter(([k]) => k === 'verb').map(([, v]) => v);
  if (verbs.length === 0) throw new OaiErrors([new OaiError('badVerb', 'The verb argument is missing.')]);
  if (verbs.length > 1) throw new OaiErrors([new OaiError('badVerb', 'The verb argument is repeated.')]);
  const verb = verbs[0]!;
  if (!(VERBS as readonly string[]).includes(verb)) throw new OaiErrors([new OaiError('badVerb', `"${verb}" is not an OAI-PMH verb.`)]);
  const rule = ALLOWED[verb as Verb];

  const errors: OaiError[] = [];
  const args = new Map<string, string>();
  for (const [k, v] of pairs) {
    if (k === 'verb') continue;
    if (![...rule.required, ...rule.optional, rule.exclusive].includes(k)) errors.push(new OaiError('badArgument', `${verb} takes no argument "${k}".`));
    else if (args.has(k)) errors.push(new OaiError('badArgument', `The argument "${k}" is repeated.`));
    else if (v === '') errors.push(new OaiError('badArgument', `The argument "${k}" is empty.`));
    else args.set(k, v);
  }
  if (errors.length > 0) throw new OaiErrors(errors);

  if (rule.exclusive && args.has(rule.exclusive)) {
    if (args.size > 1) throw new OaiErrors([new OaiError('badArgument', `${rule.exclusive} is an exclusive argument: send it with the verb alone.`)]);
    return { verb, [rule.exclusive]: args.get(rule.exclusive)! } as OaiRequest;
  }
  for (const k of rule.required) if (!args.has(k)) errors.push(new OaiError('badArgument', `${verb} requires the argument "${k}".`));

  const bound = (k: 'from' | 'until') => {
    const v = args.get(k);
    if (v === undefined) return undefined;
    const b = parseUtc(v);
    if (!b) errors.push(new OaiError('badArgument', `${k} must be a UTC date (YYYY-MM-DD) or time (YYYY-MM-DDThh:mm:ssZ), not "${v}".`));
    return b;
  };
  const from = bound('from');
  const until = bound('until');
  if (from && until) {
    if (from.granularity !== until.granularity) errors.push(new OaiError('badArgument', 'from and until must have the same granularity.'));
    else if (from.start > until.start) errors.push(new OaiError('badArgument', 'from is later than until.'));
  }
  const set = args.get('set');
  if (set !== undefined && !SET_SPEC.test(set)) errors.push(new OaiError('badArgument', `"${set}" is not a setSpec.`));
  if (errors.length > 0) throw new OaiErrors(errors);

  switch (verb as Verb) {
    case 'Identify':
      return { verb: 'Identify' };
    case 'ListMetadataFormats':
      return args.has('identifier') ? { verb: 'ListMetadataFormats', identifier: args.get('identifier')! } : { verb: 'ListMetadataFormats' };
    case 'ListSets':
      return { verb: 'ListSets' };
    case 'GetRecord':
      return { verb: 'GetRecord', identifier: args.get('identifier')!, metadataPrefix: args.get('metadataPrefix')! };
    default:
      return {
        verb: verb as 'ListIdentifiers' | 'ListRecords',
        metadataPrefix: args.get('metadataPrefix')!,
        ...(from ? { from } : {}),
        ...(until ? { until } : {}),
        ...(set !== undefined ? { set } : {}),
      };
  }
}
