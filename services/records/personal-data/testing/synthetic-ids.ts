/**
 * Synthetic identity numbers for tests, built by computing their check digits, never
 * taken from real people. Each generator walks serial numbers until the check digits
 * exist (CPR modulus 11 and fødselsnummer controls rule some serials out).
 */
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A CPR number (10 digits) with the given date whose modulus-11 check holds (pre-2007 style). */
export function cprMod11(day: number, month: number, yy: number, firstSerial = 1000): string {
  const weights = [4, 3, 2, 7, 6, 5, 4, 3, 2];
  for (let serial = firstSerial; serial < 10000; serial += 10) {
    const nine = `${pad(day, 2)}${pad(month, 2)}${pad(yy, 2)}${pad(serial, 4).slice(0, 3)}`;
    const sum = [...nine].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
    const last = (11 - (sum % 11)) % 11;
    if (last < 10) return nine + last;
  }
  throw new Error('no CPR serial');
}

/** A CPR number with a valid date whose modulus-11 check FAILS (as issued since 2007). */
export function cprNoMod11(day: number, month: number, yy: number): string {
  const valid = cprMod11(day, month, yy);
  const last = (Number(valid[9]) + 1) % 10;
  return valid.slice(0, 9) + last;
}

/** A Norwegian fødselsnummer (11 digits) with both control digits; `individual` picks the century (000-499: 1900s). */
export function fodselsnummer(day: number, month: number, yy: number, individual = 123): string {
  for (let ind = individual; ind < individual + 100; ind++) {
    const nine = `${pad(day, 2)}${pad(month, 2)}${pad(yy, 2)}${pad(ind % 1000, 3)}`;
    const d = [...nine].map(Number);
    const control = (weights: number[], digits: number[]) => {
      const r = 11 - (weights.reduce((acc, w, i) => acc + w * digits[i]!, 0) % 11);
      return r === 11 ? 0 : r;
    };
    const k1 = control([3, 7, 6, 1, 8, 9, 4, 5, 2], d);
    if (k1 === 10) continue;
    const k2 = control([5, 4, 3, 2, 7, 6, 5, 4, 3, 2], [...d, k1]);
    if (k2 === 10) continue;
    return `${nine}${k1}${k2}`;
  }
  throw new Error('no fødselsnummer individual number');
}

/** The Luhn check digit for `payload`. */
export function luhnDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let v = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return (10 - (sum % 10)) % 10;
}

/** A Swedish personnummer YYMMDD-NNNC. */
export function personnummer(yymmdd: string, nnn = '123'): string {
  return `${yymmdd}-${nnn}${luhnDigit(yymmdd + nnn)}`;
}

/** A card number with a valid Luhn digit (Visa prefix 4 by default). */
export function cardNumber(prefix = '4000123456789', length = 16): string {
  const payload = prefix.padEnd(length - 1, '0').slice(0, length - 1);
  return payload + luhnDigit(payload);
}

/** A deterministic pseudo-random generator (mulberry32), so "random" test data is the same every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
