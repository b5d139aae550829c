import { describe, expect, it } from 'vitest';
import { benchRow, formatTable } from './bench-report';

describe('benchRow', () => {
  it('orients the ratio so that above 1 means we are better', () => {
    // Throughput: 300 vs 200 samples/s → 1.5×; latency: 20 ms vs 30 ms → 1.5×.
    expect(
      benchRow({ name: 'mlp', backend: 'wasm', ours: 300, peer: 200, unit: 'samples/s' }, 'higher').ratio,
    ).toBe(1.5);
    expect(benchRow({ name: 'p99', backend: 'wasm', ours: 20, peer: 30, unit: 'ms' }, 'lower').ratio).toBe(
      1.5,
    );
  });

  it('has no ratio without a peer', () => {
    expect(
      benchRow({ name: 'x', backend: 'cpu', ours: 1, peer: null, unit: 'req/s' }, 'higher').ratio,
    ).toBeNull();
  });
});

describe('formatTable', () => {
  it('prints one aligned line per row, a dash where there is no peer, and the notes', () => {
    const table = formatTable({
      suite: 'api',
      machine: 'test machine',
      rows: [
        benchRow({ name: 'GET /health', backend: 'node', ours: 1234.5, peer: null, unit: 'req/s' }, 'higher'),
      ],
      notes: ['no peer for HTTP serving'],
    });
    const lines = table.split('\n');
    expect(lines[0]).toBe('api — test machine');
    expect(lines[3]).toMatch(/^GET \/health\s+node\s+1235\s+—\s+—\s+req\/s$/);
    expect(lines[4]).toBe('note: no peer for HTTP serving');
  });
});
