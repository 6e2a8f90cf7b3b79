/**
 * A streaming CSV/TSV record reader: text goes in chunk by chunk, records come out one
 * at a time, and only the record being read is held in memory. RFC 4180 quoting
 * (delimiters, line breaks and doubled quotes inside quoted fields), CRLF/LF/CR line
 * ends; lenient like spreadsheet programs: a quote inside an unquoted field is literal,
 * text after a closing quote is kept. A field longer than `maxFieldChars` is truncated
 * (the rest is skipped), so an unterminated quote cannot make it buffer the whole file.
 */

export type Delimiter = ',' | '\t' | ';' | '|';
export const DELIMITERS: readonly Delimiter[] = ['\t', ',', ';', '|'];

const State = { FieldStart: 0, Unquoted: 1, Quoted: 2, QuoteInQuoted: 3 } as const;
type State = (typeof State)[keyof typeof State];

const QUOTE = 34;
const LF = 10;
const CR = 13;

export class CsvRecordReader {
  readonly #delimiter: number;
  readonly #maxFieldChars: number;
  readonly #maxFields: number;
  readonly #onRecord: (fields: string[]) => void;
  #state: State = State.FieldStart;
  #field = '';
  #fields: string[] = [];
  #skipLf = false;

  constructor(delimiter: Delimiter, onRecord: (fields: string[]) => void, limits: { maxFieldChars?: number; maxFields?: number } = {}) {
    this.#delimiter = delimiter.charCodeAt(0);
    this.#onRecord = onRecord;
    this.#maxFieldChars = limits.maxFieldChars ?? 1 << 20;
    this.#maxFields = limits.maxFields ?? 10_000;
  }

  /** Feeds text; calls `onRecord` for every record completed by it. */
  push(text: string): void {
    const delimiter = this.#delimiter;
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (this.#skipLf) {
        this.#skipLf = false;
        if (text.charCodeAt(i) === LF) {
          i++;
          continue;
        }
      }
      switch (this.#state) {
        case State.FieldStart:
          if (text.charCodeAt(i) === QUOTE) {
            this.#state = State.Quoted;
            i++;
          } else {
            this.#state = State.Unquoted;
          }
          break;
        case State.Unquoted: {
          let j = i;
          let c = 0;
          while (j < n) {
            c = text.charCodeAt(j);
            if (c === delimiter || c === LF || c === CR) break;
            j++;
          }
          this.#append(text, i, j);
          if (j === n) return;
          this.#endField();
          if (c !== delimiter) {
            this.#endRecord();
            this.#skipLf = c === CR;
          }
          i = j + 1;
          break;
        }
        case State.Quoted: {
          const j = text.indexOf('"', i);
          if (j < 0) {
            this.#append(text, i, n);
            return;
          }
          this.#append(text, i, j);
          this.#state = State.QuoteInQuoted;
          i = j + 1;
          break;
        }
        case State.QuoteInQuoted:
          if (text.charCodeAt(i) === QUOTE) {
            this.#append('"', 0, 1);
            this.#state = State.Quoted;
            i++;
          } else {
            this.#state = State.Unquoted; // the closing quote; anything up to the delimiter is kept as is
          }
          break;
      }
    }
  }

  /** Ends the input: emits the last record if it has no line break after it. */
  end(): void {
    if (this.#state !== State.FieldStart || this.#fields.length > 0 || this.#field !== '') {
      this.#endField();
      this.#endRecord();
    }
  }

  #append(text: string, from: number, to: number): void {
    if (to <= from) return;
    const room = this.#maxFieldChars - this.#field.length;
    if (room <= 0) return;
    this.#field += text.slice(from, Math.min(to, from + room));
  }

  #endField(): void {
    if (this.#fields.length < this.#maxFields) this.#fields.push(this.#field);
    this.#field = '';
    this.#state = State.FieldStart;
  }

  #endRecord(): void {
    const fields = this.#fields;
    this.#fields = [];
    this.#state = State.FieldStart;
    this.#onRecord(fields);
  }
}

/**
 * Picks the delimiter of a header line: the candidate occurring most often outside quotes
 * (ties: tab, comma, semicolon, pipe). A line with none of them is one column (comma).
 */
export function detectDelimiter(headerLine: string): Delimiter {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch as Delimiter)) counts.set(ch as Delimiter, counts.get(ch as Delimiter)! + 1);
  }
  let best: Delimiter = ',';
  let max = 0;
  for (const d of DELIMITERS) {
    if (counts.get(d)! > max) {
      max = counts.get(d)!;
      best = d;
    }
  }
  return best;
}
