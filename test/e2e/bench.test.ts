import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBench, type BenchReport } from '../../bench/runner.js';

const work = mkdtempSync(join(tmpdir(), 'gitfed-bench-test-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

// The figures of a smoke run mean nothing; this only keeps the benchmark code from rotting.
describe('npm run bench -- --quick', () => {
  it('runs every scenario at its smallest size, prints the ratios and writes the results file', async () => {
    let out = '';
    const { failed, file } = await runBench({ quick: true, out: join(work, 'quick.json'), write: (t) => { out += t; }, log: () => undefined });
    expect(failed, out).toBe(false);
    const report = JSON.parse(readFileSync(file, 'utf8')) as BenchReport;
    expect(Object.keys(report.scenarios)).toEqual(['render', 'render-scale', 'apply', 'latency', 'engine', 'division', 'custom', 'watch', 'failover', 'replicas']);
    expect(report.ratios.length).toBeGreaterThan(0);
    expect(out).toContain('kustomize/gitfed');
    expect(out).toContain("Karmada's 2 s bar / gitfed P99");
    // the watch scenario measures every part, even where the reconciler misses a bar
    for (const part of ['commit pushed', 'kubectl patch', 'requests the fleet received', 'commit -> applied on the 2 other clusters', 'first sync']) expect(out).toContain(`watch: ${part}`);
    expect(out).toContain('failover: a member stops');
    expect(out).toContain('by replicas');
    // kustomize's overlays are only a baseline if they build exactly what gitfed renders
    expect(out).not.toMatch(/\bNO: /);
    // the no-op run of gitfed writes nothing
    expect(report.ratios.find((r) => r.label.includes('no-op run writes'))?.note).toMatch(/gitfed 0$/);
  }, 240_000);
});
