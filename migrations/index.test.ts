import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { migrations } from './index.js';

describe('migrations/index.ts', () => {
  it('lists every migration file in the folder, in name order', () => {
    const files = fs
      .readdirSync(new URL('.', import.meta.url))
      .filter((f) => /^\d{4}-\d{2}-\d{2}T\d{4}_.+\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(migrations)).toEqual(files);
  });
});
