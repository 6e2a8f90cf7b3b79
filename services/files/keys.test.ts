import { describe, it, expect } from 'vitest';
import { InvalidFileKeyError } from './errors.js';
import { fileKeyProblem, validateFileKey } from './keys.js';

describe('validateFileKey', () => {
  const bad: Array<[string, string, RegExp]> = [
    ['empty', '', /empty/],
    ['over 1024 bytes', 'a'.repeat(1025), /1024 bytes/],
    ['over 1024 bytes in UTF-8 (513 two-byte chars)', 'é'.repeat(513), /1024 bytes/],
    ['leading slash', '/data.csv', /starts with/],
    ['trailing slash', 'raw/', /ends with/],
    ['empty segment', 'a//b', /empty folder/],
    ['dot segment', 'a/./b', /"\." segment/],
    ['leading dot segment', './a', /"\." segment/],
    ['dot-dot segment', 'a/../b', /"\.\." segment/],
    ['only dot-dot', '..', /"\.\." segment/],
    ['dot only', '.', /"\." segment/],
    ['backslash', 'a\\b.txt', /backslash/],
    ['NUL', 'a\u0000b', /control/],
    ['newline', 'a\nb', /control/],
    ['tab', 'a\tb', /control/],
    ['unit separator U+001F', 'a\u001fb', /control/],
    ['DEL U+007F', 'a\u007fb', /control/],
    ['C1 U+0080', 'a\u0080b', /control/],
    ['C1 U+009F', 'a\u009fb', /control/],
    ['lone surrogate', 'a\ud800b', /Unicode/],
  ];
  it.each(bad)('rejects %s', (_name, key, reason) => {
    expect(fileKeyProblem(key)).toMatch(reason);
    let caught: unknown;
    try {
      validateFileKey(key);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidFileKeyError);
    expect(caught).toMatchObject({ status: 400, code: 'FILE_KEY_INVALID' });
  });

  it('rejects non-strings', () => {
    expect(() => validateFileKey(42)).toThrow(InvalidFileKeyError);
  });

  const good = [
    'data.csv',
    'raw/scan-01.h5',
    'a/b/c/d/e.txt',
    '.hidden',
    'a/.config/x',
    '..dots..',
    'a..b',
    'name with spaces.txt',
    'Ünïcødé/データ/表.csv',
    'emoji-🧪.json',
    'x'.repeat(1024),
    'é'.repeat(512),
  ];
  it.each(good)('accepts %s', (key) => {
    expect(fileKeyProblem(key)).toBeNull();
    expect(() => validateFileKey(key)).not.toThrow();
  });
});
