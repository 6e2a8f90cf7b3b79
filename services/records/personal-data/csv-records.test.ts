import { describe, expect, it } from 'vitest';
import { CsvRecordReader, detectDelimiter } from './csv-records.js';

function parse(chunks: string[], delimiter: ',' | ';' | '\t' = ',', limits = {}): string[][] {
  const out: string[][] = [];
  const reader = new CsvRecordReader(delimiter, (r) => out.push(r), limits);
  for (const c of chunks) reader.push(c);
  reader.end();
  return out;
}

describe('CsvRecordReader', () => {
  it.each([
    ['plain', ['a,b\n1,2\n'], [['a', 'b'], ['1', '2']]],
    ['CRLF and no final newline', ['a,b\r\n1,2'], [['a', 'b'], ['1', '2']]],
    ['old Mac CR', ['a,b\r1,2\r'], [['a', 'b'], ['1', '2']]],
    ['quoted delimiter, newline and quotes', ['x\n"a,b","line\nbreak","say ""hi"""\n'], [['x'], ['a,b', 'line\nbreak', 'say "hi"']]],
    ['empty fields', [',,\n'], [['', '', '']]],
    ['a quote inside an unquoted field is literal', ['5" disk,ok\n'], [['5" disk', 'ok']]],
    ['text after a closing quote is kept', ['"a"b,c\n'], [['ab', 'c']]],
    ['split across chunks everywhere', ['"a', '""', 'b",', 'c\r', '\n1', ',2'], [['a"b', 'c'], ['1', '2']]],
  ])('%s', (_, chunks, expected) => {
    expect(parse(chunks)).toEqual(expected);
  });

  it('truncates a runaway field instead of buffering the file', () => {
    const records = parse(['"never closed ', 'x'.repeat(5000), '\n1,2\n'], ',', { maxFieldChars: 100 });
    expect(records).toHaveLength(1);
    expect(records[0]![0]).toHaveLength(100);
  });

  it.each([
    ['a,b,c', ','],
    ['a\tb\tc', '\t'],
    ['a;b;"c,d"', ';'],
    ['a|b', '|'],
    ['single', ','],
    ['"x\ty",a,b', ','],
  ])('detects the delimiter of %j', (line, expected) => {
    expect(detectDelimiter(line)).toBe(expected);
  });
});
