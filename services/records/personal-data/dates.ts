/**
 * Full dates (day precision) in the formats people write them in English, Danish,
 * Norwegian, Swedish, German and Dutch. Annex 3 allows month and year of birth, so only
 * a date with a day counts; and only next to a word for birth (or in a birth-date
 * column) — acquisition and scan dates are fine.
 */
import { isDate } from './identifiers.js';

const MONTHS: Record<string, number> = {};
const names: [number, string[]][] = [
  [1, ['january', 'januar', 'januari', 'jänner', 'jan']],
  [2, ['february', 'februar', 'februari', 'feb', 'febr']],
  [3, ['march', 'marts', 'mars', 'märz', 'maerz', 'maart', 'mar', 'mrt', 'mär']],
  [4, ['april', 'apr']],
  [5, ['may', 'maj', 'mai', 'mei']],
  [6, ['june', 'juni', 'jun']],
  [7, ['july', 'juli', 'jul']],
  [8, ['august', 'augusti', 'augustus', 'aug']],
  [9, ['september', 'sept', 'sep']],
  [10, ['october', 'oktober', 'okt', 'oct']],
  [11, ['november', 'nov']],
  [12, ['december', 'desember', 'dezember', 'dec', 'des', 'dez']],
];
for (const [n, list] of names) for (const name of list) MONTHS[name] = n;
const MONTH = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

export interface DateMatch {
  start: number;
  end: number;
  text: string;
  /** The year as written (for masking). */
  yearText: string;
}

const NUMERIC = /(?<![\w.,/-])(?:(\d{4})([-./])(\d{1,2})\2(\d{1,2})|(\d{1,2})([-./])(\d{1,2})\6(\d{4}|\d{2}))(?![\w]|[-./,]\d)/g;
const DAY_MONTH_YEAR = new RegExp(`(?<![\\p{L}\\d])(\\d{1,2})\\.?\\s+(${MONTH})\\.?,?\\s+(\\d{4})(?!\\d)`, 'giu');
const MONTH_DAY_YEAR = new RegExp(`(?<![\\p{L}\\d])(${MONTH})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`, 'giu');

function plausible(year: number, month: number, day: number): boolean {
  return year >= 1850 && year <= 2100 && isDate(year, month, day);
}

function fullYear(text: string): number {
  if (text.length === 4) return Number(text);
  // Two-digit years only appear in birth contexts here: read them as the most recent past century.
  const yy = Number(text);
  return yy <= 30 ? 2000 + yy : 1900 + yy;
}

/** Every full date in `text`. Day/month order is whatever makes a real date (D.M.Y first, then M/D/Y). */
export function findFullDates(text: string): DateMatch[] {
  const out: DateMatch[] = [];
  for (const m of text.matchAll(NUMERIC)) {
    let ok: boolean;
    let yearText: string;
    if (m[1]) {
      yearText = m[1];
      ok = plausible(Number(m[1]), Number(m[3]), Number(m[4]));
    } else {
      yearText = m[8]!;
      const y = fullYear(yearText);
      ok = plausible(y, Number(m[7]), Number(m[5])) || (m[6] === '/' && plausible(y, Number(m[5]), Number(m[7])));
    }
    if (ok) out.push({ start: m.index, end: m.index + m[0].length, text: m[0], yearText });
  }
  for (const m of text.matchAll(DAY_MONTH_YEAR)) {
    if (plausible(Number(m[3]), MONTHS[m[2]!.toLowerCase()]!, Number(m[1])))
      out.push({ start: m.index, end: m.index + m[0].length, text: m[0], yearText: m[3]! });
  }
  for (const m of text.matchAll(MONTH_DAY_YEAR)) {
    if (plausible(Number(m[3]), MONTHS[m[1]!.toLowerCase()]!, Number(m[2])))
      out.push({ start: m.index, end: m.index + m[0].length, text: m[0], yearText: m[3]! });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A cell of a birth-date column holding a full date, including compact YYYYMMDD / DDMMYYYY. */
export function cellFullDate(cell: string): DateMatch | undefined {
  const value = cell.trim();
  if (/^\d{8}$/.test(value)) {
    const ymd = plausible(Number(value.slice(0, 4)), Number(value.slice(4, 6)), Number(value.slice(6, 8)));
    const dmy = plausible(Number(value.slice(4, 8)), Number(value.slice(2, 4)), Number(value.slice(0, 2)));
    if (ymd) return { start: 0, end: 8, text: value, yearText: value.slice(0, 4) };
    if (dmy) return { start: 0, end: 8, text: value, yearText: value.slice(4, 8) };
    return undefined;
  }
  // ISO timestamps (1985-03-12T00:00:00Z) count: the day is there.
  return findFullDates(value.replace(/T\d{2}:\d{2}.*$/, ''))[0];
}

/** Words for birth in the six languages, as they precede a date: "born", "DOB:", "født", "född den", "geb.", "geboren op". */
export const BIRTH_WORDS =
  /(?<![\p{L}])(born|birth\w*|dob|d\.o\.b|date of birth|f(?:ø|o|oe)d[dt]|f(?:ø|o|oe)dsels\w*|f(?:ö|o|oe)dd|f(?:ö|o|oe)delse\w*|geboren|geb|geburts\w*|geboorte\w*|n[ée]e)(?![\p{L}])/iu;
