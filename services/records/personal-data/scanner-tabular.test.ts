import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Finding } from './finding.js';
import { scanTabular, type TabularScanOptions } from './scanner.js';
import { cprMod11, cprNoMod11, fodselsnummer, seeded } from './testing/synthetic-ids.js';

const scan = (csv: string, options: Partial<TabularScanOptions> = {}) => scanTabular(Readable.from([Buffer.from(csv)]), { key: 'data/subjects.csv', ...options });
const summary = (findings: Finding[]) => findings.map((f) => `${f.location.column}:${f.kind}`).sort();

describe('scanTabular', () => {
  it('flags personal columns and values of a subject table, leaving measurement columns alone', async () => {
    const rows = [
      ['subject_id', 'Fornavn', 'Etternavn', 'e-post', 'Telefon', 'fødselsdato', 'adresse', 'postnummer', 'scan_date', 'score', 'cpr_nr', 'station_name'],
      ['S01', 'Kari', 'Nordmann', 'kari@uio.no', '+47 912 34 567', '12.03.1985', 'Storgata 1', '0155', '2021-03-04', '12.5', cprMod11(1, 1, 90), 'Oslo'],
      ['S02', 'Ola', 'Hansen', 'ola@uio.no', '22 85 50 50', '1990-01-01', 'Kirkeveien 2', '0368', '2021-03-05', '13.1', cprNoMod11(15, 6, 12), 'Bergen'],
    ];
    const result = await scan(rows.map((r) => r.join(',')).join('\n'));
    expect(summary(result.findings)).toEqual(
      [
        'Fornavn:name-column',
        'Etternavn:name-column',
        'e-post:email',
        'Telefon:phone',
        'fødselsdato:birthdate',
        'adresse:address-column',
        'postnummer:address-column',
        'cpr_nr:cpr',
      ].sort(),
    );
    const byColumn = Object.fromEntries(result.findings.map((f) => [f.location.column, f]));
    expect(byColumn['e-post']).toMatchObject({ source: 'file:data/subjects.csv', location: { row: 2, columnIndex: 4 }, sample: 'k***@u***.no', count: 2, confidence: 'high' });
    expect(byColumn['Fornavn']).toMatchObject({ location: { row: 1, columnIndex: 2 }, sample: 'Fornavn', count: 2 });
    expect(byColumn['fødselsdato']!.sample).toBe('**.**.1985');
    expect(byColumn['cpr_nr']).toMatchObject({ count: 2, confidence: 'high' });
    expect(result).toMatchObject({ rows: 2, partial: null, delimiter: ',' });
    expect(result.columns).toHaveLength(12);
  });

  it('detects tab, semicolon and pipe delimiters and reads quoted fields', async () => {
    const tsv = 'id\tnotes\n1\t"mail: kari@uio.no"\n';
    expect((await scan(tsv)).delimiter).toBe('\t');
    expect(summary((await scan(tsv)).findings)).toEqual(['notes:email']);
    const semicolon = 'id;notes;value\n1;"a; b\nsecond line, born 12.03.1985";"1,5"\n2;"He said ""call +47 912 34 567""";3\n';
    const result = await scan(semicolon);
    expect(result.delimiter).toBe(';');
    expect(result.rows).toBe(2);
    expect(result.findings.map((f) => [f.kind, f.location.row])).toEqual([
      ['birthdate', 2],
      ['phone', 3],
    ]);
    expect((await scan('a|b|c\n1|2|3\n')).delimiter).toBe('|');
  });

  it('gives the same answer however the bytes are chunked (UTF-8 split mid-character, CRLF split)', async () => {
    const fnr = fodselsnummer(1, 1, 90);
    const csv = `\ufeffnavn,fødselsnummer,kommentar\r\nSøren Ørsted,${fnr},"født 12.03.1985; ring +45 33 12 34 56"\r\nÅse Ærø,${fodselsnummer(2, 2, 91)},ok\r\n`;
    const whole = await scan(csv);
    const bytes = Buffer.from(csv);
    const oneByOne = await scanTabular(Readable.from((function* () { for (const b of bytes) yield Buffer.from([b]); })()), { key: 'k' });
    expect(oneByOne.findings.map(({ source, ...f }) => f)).toEqual(whole.findings.map(({ source, ...f }) => f));
    expect(whole.columns).toEqual(['navn', 'fødselsnummer', 'kommentar']);
    expect(summary(whole.findings)).toEqual(['fødselsnummer:fodselsnummer', 'kommentar:birthdate', 'kommentar:phone', 'navn:name-column']);
  });

  it('leaves random 10- and 11-digit measurements, timestamps and dates alone', async () => {
    const random = seeded(3);
    const lines = ['sample,reading_a,reading_b,unix_time,scan_date,acquired,birth_year,birth_month,software_version,session'];
    for (let i = 0; i < 2000; i++) {
      lines.push(
        [
          `s${i}`,
          Math.floor(random() * 9e9) + 1e9,
          Math.floor(random() * 9e10) + 1e10,
          1_600_000_000 + Math.floor(random() * 1e8),
          `2021-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
          `${String(1 + (i % 28)).padStart(2, '0')}.03.2021`,
          1940 + (i % 60),
          `19${40 + (i % 60)}-0${1 + (i % 9)}`,
          `1.${i % 10}.3.${i % 7}`,
          `0${i}`.padStart(11, '0'),
        ].join(','),
      );
    }
    const result = await scan(lines.join('\n'));
    expect(result.rows).toBe(2000);
    expect(result.findings).toEqual([]);
  });

  it('flags a column of bare identifiers by its share, and not one chance hit among measurements', async () => {
    const ids = ['participant,value'];
    for (let d = 1; d <= 20; d++) ids.push(`${fodselsnummer(d, 4, 88)},${d}`);
    const found = await scan(ids.join('\n'));
    expect(found.findings).toMatchObject([{ kind: 'fodselsnummer', count: 20, confidence: 'high', location: { column: 'participant', row: 2 } }]);

    const mostlyMeasurements = ['reading'];
    const random = seeded(9);
    for (let i = 0; i < 99; i++) mostlyMeasurements.push(String(Math.floor(random() * 9e10) + 1e10));
    mostlyMeasurements.push(fodselsnummer(1, 1, 90));
    expect((await scan(mostlyMeasurements.join('\n'))).findings).toEqual([]);

    const hosts = ['host,bytes', '192.0.2.17,10', '198.51.100.4,20', '203.0.113.9,30'];
    expect(summary((await scan(hosts.join('\n'))).findings)).toEqual(['host:ip']);
  });

  it('needs plausible values before flagging a column by its header', async () => {
    const csv = ['name,email_sent_count,phone,cpr,station_name', 'Kari,3,yes,a3f9c2d1e0,Oslo', 'Ola,0,no,77b1e0aa91,Bergen'].join('\n');
    expect(summary((await scan(csv)).findings)).toEqual(['name:name-column']);
    expect((await scan('name,value\n,1\n,2\n')).findings).toEqual([]);
  });

  it('stops at the row cap and says the scan was partial', async () => {
    const lines = ['id,email'];
    for (let i = 0; i < 1000; i++) lines.push(`${i},${i === 500 ? 'late@uio.no' : 'n/a'}`);
    const capped = await scan(lines.join('\n'), { maxRows: 100 });
    expect(capped).toMatchObject({ rows: 100, partial: { reason: 'max-rows', limit: 100 }, findings: [] });
    const exact = await scan(lines.slice(0, 101).join('\n'), { maxRows: 100 });
    expect(exact.partial).toBeNull();
    const full = await scan(lines.join('\n'));
    expect(full.findings.map((f) => [f.kind, f.location.row])).toEqual([['email', 502]]);
  });

  it('stops at the byte cap without reading the rest of the stream', async () => {
    let produced = 0;
    const source = Readable.from(
      (function* () {
        yield Buffer.from('id,notes\n');
        for (let i = 0; i < 10_000; i++) {
          produced++;
          yield Buffer.from(`${i},${'x'.repeat(90)}\n`);
        }
      })(),
    );
    const result = await scanTabular(source, { key: 'big.csv', maxBytes: 64 * 1024 });
    expect(result.partial).toEqual({ reason: 'max-bytes', limit: 64 * 1024 });
    expect(result.bytes).toBe(64 * 1024);
    expect(result.rows).toBeLessThan(700);
    expect(produced).toBeLessThan(1000);
    expect(source.destroyed).toBe(true);
  });
});
