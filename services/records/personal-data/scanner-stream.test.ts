import { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { scanTabular } from './scanner.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const live = () => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

describe('scanTabular on a large file', () => {
  it('streams 50 MB with bounded memory and finds the one identifier near the end', async () => {
    const target = 50 * 1024 * 1024;
    const baseline = live();
    let peak = 0;
    let produced = 0;
    let row = 0;
    let planted = false;
    function* csv() {
      yield Buffer.from('id,reading,unix_time,scan_date,site,notes\n');
      let sinceCheck = 0;
      while (produced < target) {
        let text = '';
        for (let k = 0; k < 1000; k++, row++) {
          const plant = !planted && produced > target - 200_000;
          planted ||= plant;
          const note = plant ? 'contact kari.nordmann@uio.no' : `ok, nothing to report ${row % 97}`;
          text += `${row},${((row * 7919) % 100000) / 100},${1_600_000_000 + row},2021-03-${String(1 + (row % 28)).padStart(2, '0')},site-${row % 12},"${note}"\n`;
        }
        const chunk = Buffer.from(text);
        produced += chunk.length;
        sinceCheck += chunk.length;
        if (sinceCheck > 5 * 1024 * 1024) {
          sinceCheck = 0;
          peak = Math.max(peak, live() - baseline); // live memory, after a full collection
        }
        yield chunk;
      }
    }
    const started = performance.now();
    const result = await scanTabular(Readable.from(csv(), { objectMode: false }), { key: 'big/measurements.csv' });
    const seconds = (performance.now() - started) / 1000;

    expect(result.bytes).toBeGreaterThanOrEqual(target);
    expect(result.partial).toBeNull();
    expect(result.rows).toBe(row);
    expect(result.findings.map((f) => [f.kind, f.location.column, f.sample])).toEqual([['email', 'notes', 'k***@u***.no']]);
    // Holding the file would need > 100 MB of strings; the scanner keeps one record and a few counters per column.
    expect(peak).toBeLessThan(16 * 1024 * 1024);
    expect(seconds).toBeLessThan(20);
    console.log(`50 MB scanned in ${seconds.toFixed(1)} s; live memory grew at most ${(peak / 1e6).toFixed(1)} MB`);
  }, 60_000);
});
