import { describe, expect, it } from 'vitest';
import { scanText } from './scanner.js';
import { cardNumber, cprMod11, cprNoMod11, fodselsnummer, personnummer, seeded } from './testing/synthetic-ids.js';

const source = 'metadata:/descriptions/0/description';
const kinds = (text: string) => scanText(text, { source }).map((f) => f.kind);
const dash = (cpr: string) => `${cpr.slice(0, 6)}-${cpr.slice(6)}`;

describe('scanText: true positives', () => {
  const cpr = cprMod11(1, 1, 90);
  const cprNew = cprNoMod11(15, 6, 12);
  const fnr = fodselsnummer(1, 1, 90);
  const dnr = fodselsnummer(41, 1, 90);
  const pn = personnummer('850312');
  const card = cardNumber();
  it.each([
    ['an e-mail address', 'Questions to kari.nordmann@uio.no, please.', 'email'],
    ['a unicode e-mail address', 'skriv til søren.ørsted@ku.dk', 'email'],
    ['an E.164 number', 'Call +47 912 34 567 after 9.', 'phone'],
    ['a compact E.164 number', 'SMS +4791234567', 'phone'],
    ['an 00-prefixed grouped number', 'ring 0045 33 12 34 56', 'phone'],
    ['a national number after "tlf."', 'tlf. 912 34 567', 'phone'],
    ['a US number after "phone"', 'phone (555) 123-4567', 'phone'],
    ['a CPR number DDMMYY-SSSS', `Subject ${dash(cpr)} withdrew`, 'cpr'],
    ['a post-2007 CPR number without modulus 11', `Subject ${dash(cprNew)} withdrew`, 'cpr'],
    ['a bare CPR number after "CPR"', `CPR: ${cpr}`, 'cpr'],
    ['a bare fødselsnummer', `participant ${fnr} was excluded`, 'fodselsnummer'],
    ['a spaced fødselsnummer', `f.nr. ${fnr.slice(0, 6)} ${fnr.slice(6)}`, 'fodselsnummer'],
    ['a D-number', `D-nummer ${dnr}`, 'fodselsnummer'],
    ['a Swedish personnummer', `personnummer ${pn}`, 'personnummer'],
    ['a Swedish personnummer without keyword', `ID ${pn}`, 'personnummer'],
    ['a 12-digit personnummer', `pnr 19${pn.replace('-', '')}`, 'personnummer'],
    ['a grouped card number', `card ${card.replace(/(\d{4})(?=\d)/g, '$1 ')}`, 'payment-card'],
    ['an IPv4 address', 'requests came from 192.0.2.17 and', 'ip'],
    ['an IPv6 address', 'host 2001:db8:85a3::8a2e:370:7334 answered', 'ip'],
    ['"born" + day month year', 'The participant, born 12 March 1985, agreed', 'birthdate'],
    ['"født" + D.M.Y', 'Deltaker født 12.03.1985 i Bergen', 'birthdate'],
    ['"DOB:" + ISO', 'DOB: 1985-03-12', 'birthdate'],
    ['German "geboren am"', 'geboren am 3. Mai 1985', 'birthdate'],
    ['Dutch "geboren op"', 'geboren op 3 mei 1985', 'birthdate'],
    ['Swedish "född"', 'född 1985-03-12', 'birthdate'],
    ['US "date of birth"', 'date of birth: March 12, 1985', 'birthdate'],
  ])('%s', (_, text, kind) => {
    expect(kinds(text)).toEqual([kind]);
  });
});

describe('scanText: true negatives', () => {
  const cpr = cprMod11(1, 1, 90);
  const fnr = fodselsnummer(1, 1, 90);
  const wrongK2 = fnr.slice(0, 10) + ((Number(fnr[10]) + 1) % 10);
  it.each([
    ['a CPR number with day 32', 'CPR 320190-1234'],
    ['a bare CPR-shaped number without a keyword', `weight ${cpr} ng`],
    ['a fødselsnummer with a wrong K2', `fnr ${wrongK2}`],
    ['a decimal measurement', `${fnr}.5 mm`],
    ['user@localhost', 'mail user@localhost or root@server'],
    ['a documentation domain', 'noreply@example.org'],
    ['a retina asset', 'logo@2x.png'],
    ['a version with its word', 'built with version 1.2.3.4 and release 10.2.0.1'],
    ['a v-prefixed version', 'see v1.2.3.4'],
    ['a version from 0', 'library 0.9.1.2'],
    ['a five-part version', 'build 1.2.3.4.5'],
    ['acquisition dates', 'Scans acquired on 2021-03-04 and 12.03.2021, 3 May 2022.'],
    ['birth year only', 'born in 1985'],
    ['birth month and year only (Annex 3 allows)', 'born March 1985, født 03.1985'],
    ['a year range', 'between 1990-2000'],
    ['thousands', 'counted 12 345 678 cells'],
    ['an ORCID', 'ORCID 0000-0002-1825-0097'],
    ['a DOI', 'doi:10.1016/j.neuroimage.2020.117081'],
    ['coordinates', 'at 59.9139, 10.7522'],
    ['a time', 'at 12:30:45'],
    ['a national phone grouping without a word for phone', 'values 12 34 56 78'],
    ['a card-shaped number with no issuer', '9900 0000 0000 0000'],
  ])('%s', (_, text) => {
    expect(kinds(text)).toEqual([]);
  });

  it('ignores random ten-digit measurements in prose', () => {
    const random = seeded(42);
    const values = Array.from({ length: 500 }, () => String(Math.floor(random() * 9e9) + 1e9));
    expect(kinds(`Measured: ${values.join(', ')}.`)).toEqual([]);
  });
});

describe('masking', () => {
  it('never returns the full identifier', () => {
    const cpr = cprMod11(1, 1, 90);
    const fnr = fodselsnummer(1, 1, 90);
    const text = `mail kari.nordmann@uio.no, CPR ${dash(cpr)}, fnr ${fnr}, tel +47 912 34 567, from 192.0.2.17, born 12.03.1985`;
    const findings = scanText(text, { source, pointer: '/descriptions/0/description' });
    expect(findings.map((f) => [f.kind, f.sample])).toEqual([
      ['email', 'k***@u***.no'],
      ['cpr', `01****-**${cpr.slice(8)}`],
      ['fodselsnummer', `01*******${fnr.slice(9)}`],
      ['phone', '+47 *** ** *67'],
      ['ip', '192.*.*.*'],
      ['birthdate', '**.**.1985'],
    ]);
    for (const f of findings) {
      expect(f.location.pointer).toBe('/descriptions/0/description');
      expect(text.slice(f.location.offset!)).not.toBe('');
    }
    const serialized = JSON.stringify(findings);
    for (const secret of ['kari.nordmann', cpr.slice(2, 8), fnr.slice(2, 9), '912 34', '0.2.17', '12.03']) expect(serialized).not.toContain(secret);
  });
});
