/** TOTP (RFC 6238) second factor with `otpauth`: enrolment URIs, verification, replay protection. */
import { createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

const PERIOD = 30;

function totp(secret: string, label: string, issuer: string): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export interface TotpEnrolment {
  uri: string;
  /** The same URI as a QR code, an SVG document. */
  qr_svg: string;
}

export async function enrolment(secret: string, label: string, issuer: string): Promise<TotpEnrolment> {
  const uri = totp(secret, label, issuer).toString();
  return { uri, qr_svg: await QRCode.toString(uri, { type: 'svg', margin: 1 }) };
}

/**
 * The time step a code belongs to (±1 step of clock drift), or null when it is wrong.
 * Callers refuse a step not greater than the last accepted one: a code works once.
 */
export function verifyTotp(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const t = totp(secret, 'x', 'x');
  const delta = t.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / PERIOD) + delta;
}

/** The code for a time (tests and the enrolment check use it). */
export function totpCode(secret: string, at: Date): string {
  return totp(secret, 'x', 'x').generate({ timestamp: at.getTime() });
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');
}

/** Ten one-time recovery codes like `k3x9-p2mq-7a4d`. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: 10 }, () => {
    const raw = randomBytes(6).toString('hex');
    return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
  });
}
