import { describe, expect, it } from 'vitest';
import full from '../testing/datacite-full.json' with { type: 'json' };
import { scanMetadata } from './metadata-scanner.js';
import { cprMod11, fodselsnummer } from './testing/synthetic-ids.js';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('scanMetadata', () => {
  it('finds nothing in the full DataCite fixture: people are creators and contributors by design', () => {
    expect(scanMetadata(full as Record<string, unknown>)).toEqual([]);
  });

  it('flags identifiers in prose with JSON pointers, and never people in creators/contributors', () => {
    const md = clone(full) as Record<string, any>;
    const cpr = cprMod11(1, 1, 90);
    md.descriptions = [
      { description: 'A cohort study.', descriptionType: 'Abstract' },
      { description: `Contact the PI at kari.nordmann@uio.no or +47 912 34 567. Subject CPR ${cpr} withdrew.`, descriptionType: 'Methods' },
    ];
    md.subjects.push({ subject: `participant ${fodselsnummer(1, 1, 90)}` });
    md.titles.push({ title: 'Data from host 192.0.2.17', titleType: 'Other' });
    md.dates.push({ date: '1985-03-12', dateType: 'Other', dateInformation: 'Date of birth of the single participant' });
    md.contributors.push({ name: 'Nordmann, Kari', nameType: 'Personal', contributorType: 'ContactPerson', givenName: 'Kari', familyName: 'kari@uio.no' });
    md['facility/extra'] = { operatorNotes: 'call tlf. 22 85 50 50' };

    const findings = scanMetadata(md);
    expect(findings.map((f) => [f.kind, f.location.pointer])).toEqual([
      ['ip', '/titles/5/title'],
      ['fodselsnummer', '/subjects/3/subject'],
      ['email', '/descriptions/1/description'],
      ['phone', '/descriptions/1/description'],
      ['cpr', '/descriptions/1/description'],
      ['phone', '/facility~1extra/operatorNotes'],
      ['birthdate', '/dates/11/date'],
    ]);
    expect(findings[2]).toMatchObject({ source: 'metadata:/descriptions/1/description', sample: 'k***@u***.no', confidence: 'high', count: 1 });
    expect(findings[6]!.sample).toBe('1985-**-**');
    expect(JSON.stringify(findings)).not.toContain(cpr.slice(2, 8));
  });

  it('allows birth years and ranges of birth years in dates', () => {
    const md = { dates: [{ date: '1945/2001', dateType: 'Coverage', dateInformation: 'Birth years' }, { date: '1985-03', dateType: 'Other', dateInformation: 'born' }] };
    expect(scanMetadata(md)).toEqual([]);
  });
});
