import { describe, expect, it } from '@jest/globals';
import { floorTable } from './floor-report.js';

describe('floorTable', () => {
  it('shows each target as a ratio to the reference of its own scenario, the reference without one', () => {
    const table = floorTable(
      [
        { scenario: 'GET /v1/models', target: 'bare', rps: 50_000, cpuUs: 18 },
        { scenario: 'GET /v1/models', target: 'nest-floor', rps: 30_000, cpuUs: 30 },
        { scenario: 'stream', target: 'bare', rps: 8_000, cpuUs: 110 },
        { scenario: 'stream', target: 'gateway', rps: 2_000, cpuUs: 550 },
      ],
      'bare',
      { rounds: 2, durationS: 4 },
    );
    expect(table.split('\n').slice(4)).toEqual([
      '| GET /v1/models | bare | 50000 | 18 µs |',
      '| GET /v1/models | nest-floor | 30000 (0.60×) | 30 µs (1.67×) |',
      '| stream | bare | 8000 | 110 µs |',
      '| stream | gateway | 2000 (0.25×) | 550 µs (5.00×) |',
    ]);
    expect(table).toContain('Medians of 2 round(s) of 4 s');
  });
});
