/**
 * Validators for the national identity numbers, cards and addresses of Annex 3 (seed 001).
 * Each checks the real rules (dates, centuries, check digits), not only the shape, so
 * that measurement values that merely have the right number of digits are not flagged.
 * All functions are pure and take digits only (separators removed) unless stated.
 */
import { isIPv6 } from 'node:net';

const ALL_DIGITS = /^\d+$/;
const digitsOf = (s: string): number[] => {
  const out = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) - 48;
  return out;
};

/** A real calendar date? (Month 1-12, day within the month, leap years.) */
export function isDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export interface CprCheck {
  /** The birth date is a real date (century from the 7th digit). */
  validDate: boolean;
  /** The pre-2007 modulus-11 check holds. */
  mod11: boolean;
  year?: number;
}

/**
 * Danish CPR number, 10 digits DDMMYY-SSSS. The 7th digit and the year give the century
 * (CPR office table): 0-3 → 1900s; 4 and 9 → 2000s for YY 00-36, else 1900s; 5-8 → 2000s
 * for YY 00-57, else 1800s.
 *
 * The modulus-11 check (weights 4,3,2,7,6,5,4,3,2,1; the weighted sum divisible by 11)
 * held for every number issued before 1 October 2007. Since then the CPR office issues
 * numbers that do not satisfy it (for birth dates whose modulus-11 numbers ran out), and
 * it tells users to stop relying on it. So a number with a valid date IS a possible CPR
 * number whatever its modulus 11: we compute the check only to raise the confidence
 * (`high` when it holds, `medium` when only the date does).
 */
export function checkCpr(d10: string): CprCheck {
  if (d10.length !== 10 || !ALL_DIGITS.test(d10)) return { validDate: false, mod11: false };
  const d = digitsOf(d10);
  const day = d[0]! * 10 + d[1]!;
  const month = d[2]! * 10 + d[3]!;
  const yy = d[4]! * 10 + d[5]!;
  const c = d[6]!;
  let year: number;
  if (c <= 3) year = 1900 + yy;
  else if (c === 4 || c === 9) year = yy <= 36 ? 2000 + yy : 1900 + yy;
  else year = yy <= 57 ? 2000 + yy : 1800 + yy;
  const weights = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
  const sum = d.reduce((acc, v, i) => acc + v * weights[i]!, 0);
  const validDate = isDate(year, month, day);
  return { validDate, mod11: validDate && sum % 11 === 0, ...(validDate ? { year } : {}) };
}

/**
 * Norwegian fødselsnummer (and D-/H-number), 11 digits DDMMYY III K1 K2.
 * D-numbers add 40 to the day, H-numbers 40 to the month. The individual number III
 * gives the century: 000-499 → 1900s; 500-749 with YY 54-99 → 1854-1899; 500-999 with
 * YY 00-39 → 2000s; 900-999 with YY 40-99 → 1940-1999 (Skatteetaten's table).
 * K1 = 11 − (Σ d·[3,7,6,1,8,9,4,5,2] mod 11), K2 = 11 − (Σ d·[5,4,3,2,7,6,5,4,3,2] mod 11),
 * where 11 means 0 and 10 means the number is invalid. Synthetic test numbers (Tenor:
 * month + 80) are not real people and are not accepted. The 2032 number model (check
 * digits with several admissible remainders) is not issued yet and is not handled.
 */
export function isFodselsnummer(d11: string): boolean {
  if (!/^\d{11}$/.test(d11)) return false;
  const d = digitsOf(d11);
  let day = d[0]! * 10 + d[1]!;
  let month = d[2]! * 10 + d[3]!;
  if (day > 40) day -= 40; // D-number
  if (month > 40) month -= 40; // H-number
  const yy = d[4]! * 10 + d[5]!;
  const individual = d[6]! * 100 + d[7]! * 10 + d[8]!;
  let year: number | undefined;
  if (individual <= 499) year = 1900 + yy;
  else if (individual <= 749 && yy >= 54) year = 1800 + yy;
  else if (yy <= 39) year = 2000 + yy;
  else if (individual >= 900) year = 1900 + yy;
  if (year === undefined || !isDate(year, month, day)) return false;
  const control = (weights: number[]): number => {
    const r = 11 - (weights.reduce((acc, w, i) => acc + w * d[i]!, 0) % 11);
    return r === 11 ? 0 : r;
  };
  const k1 = control([3, 7, 6, 1, 8, 9, 4, 5, 2]);
  const k2 = control([5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
  return k1 !== 10 && k2 !== 10 && k1 === d[9] && k2 === d[10];
}

/** The Luhn (mod 10) check over a digit string. */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let v = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return sum % 10 === 0;
}

/**
 * Swedish personnummer (or samordningsnummer: day + 60), YYMMDD-NNNC or YYYYMMDDNNNC:
 * a real date and the Luhn check over the 10-digit form. Without the century, the date
 * must be real in 19YY or 20YY.
 */
export function isPersonnummer(digits: string): boolean {
  let d10: string;
  let years: number[];
  if (/^\d{12}$/.test(digits)) {
    d10 = digits.slice(2);
    years = [Number(digits.slice(0, 4))];
  } else if (/^\d{10}$/.test(digits)) {
    d10 = digits;
    const yy = Number(digits.slice(0, 2));
    years = [1900 + yy, 2000 + yy];
  } else {
    return false;
  }
  const month = Number(d10.slice(2, 4));
  let day = Number(d10.slice(4, 6));
  if (day > 60) day -= 60;
  return years.some((y) => isDate(y, month, day)) && luhn(d10);
}

/** A payment card number: 13-19 digits, a known issuer prefix (Visa, Mastercard, Amex, Discover, Maestro), Luhn. */
export function isPaymentCard(digits: string): boolean {
  if (!/^\d{13,19}$/.test(digits)) return false;
  const p2 = Number(digits.slice(0, 2));
  const p4 = Number(digits.slice(0, 4));
  const issuer =
    digits[0] === '4' ||
    (p2 >= 51 && p2 <= 55) ||
    (p4 >= 2221 && p4 <= 2720) ||
    p2 === 34 ||
    p2 === 37 ||
    p4 === 6011 ||
    p2 === 65 ||
    p4 === 5018 ||
    p4 === 5020 ||
    p4 === 5038 ||
    p4 === 6304;
  return issuer && luhn(digits);
}

/**
 * A host IPv4 address in dotted decimal (octets 0-255, no leading zeros). Not personal and
 * therefore rejected: 0.0.0.0/8 (which is also how most version strings such as 0.9.1.2
 * begin), loopback 127/8, and the broadcast address.
 */
export function isHostIPv4(text: string): boolean {
  const parts = text.split('.');
  if (parts.length !== 4) return false;
  const octets: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p)) return false;
    const n = Number(p);
    if (n > 255) return false;
    octets.push(n);
  }
  if (octets[0] === 0 || octets[0] === 127) return false;
  return !octets.every((o) => o === 255);
}

/** An IPv6 host address, full or compressed (not `::` or `::1`), with at least three groups so `ab::cd` in prose is left alone. */
export function isHostIPv6(text: string): boolean {
  if (!isIPv6(text)) return false;
  const groups = text.split(':').filter((g) => g !== '');
  if (text === '::' || /^::0*1$/.test(text)) return false;
  return groups.length >= 3;
}

/** Domains reserved for documentation and testing (RFC 2606, RFC 6761): no person has an address there. */
const RESERVED_DOMAIN = /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost|local)$/i;
/** File extensions that look like TLDs in names such as `logo@2x.png`. */
const FILE_EXTENSION_TLD = /\.(png|jpe?g|gif|svg|webp|bmp|tiff?|pdf|csv|tsv|txt|json|xml|html?|nii|gz)$/i;

/**
 * An address a person could own: a dotted domain with an alphabetic TLD (so `user@localhost`
 * and `root@server` are not), not a reserved documentation domain, not a file name.
 */
export function isPersonalEmail(address: string): boolean {
  const at = address.lastIndexOf('@');
  if (at <= 0) return false;
  const domain = address.slice(at + 1);
  if (!/\.[\p{L}]{2,63}$/u.test(domain)) return false;
  return !RESERVED_DOMAIN.test(domain) && !FILE_EXTENSION_TLD.test(domain);
}
