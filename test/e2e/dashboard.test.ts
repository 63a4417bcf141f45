import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, editReplicas, makeTempDir, startClusters, teardown } from '../../src/cli/demo-world.js';
import { runReconcileLoop } from '../../src/cli/commands/reconcile-loop.js';
import type { ExitCode } from '../../src/cli/io.js';
import { objectKey } from '../../src/kube/object-ref.js';
import { renderSnapshot } from '../../src/render/index.js';
import { readSource } from '../../src/reconcile/source.js';
import type { Fleet } from '../../src/sim/fleet.js';
import { launchChromium } from '../helpers/browser.js';

// The dashboard in headless Chromium against the demo fleet: the example repository's clusters simulated, a Git
// copy of the example, and `gitfed reconcile --listen` running in this process. Nothing waits on the wall clock:
// the test awaits log records and DOM changes, and the prober runs on a clock the test steps.

/** the page's document, as the functions evaluated in the browser see it (this project compiles without the DOM library) */
declare const document: {
  querySelectorAll(selector: string): { length: number };
  activeElement: { getAttribute(name: string): string | null } | null;
  body: { dataset: Record<string, string | undefined> };
};

const SCREENSHOTS = join(import.meta.dirname, '../../docs/screenshots');
const WEB = 'apps/v1/Deployment/shop/web';
const EDITED = 'aws-us-east';
const T0 = Date.parse('2026-12-04T10:00:00Z');

interface LogRecord {
  msg: string;
  port?: number;
}

/** a clock whose timers fire only when stepped; a probe re-arms its timer when it ends, which a step awaits */
function steppedClock() {
  let now = T0;
  let timers: { at: number; fn: () => void }[] = [];
  const armed: (() => void)[] = [];
  return {
    now: () => now,
    timer: (ms: number, fn: () => void) => {
      const t = { at: now + ms, fn };
      timers.push(t);
      for (const w of armed.splice(0)) w();
      return () => void (timers = timers.filter((x) => x !== t));
    },
    /** step fires the earliest timer at its time; resolves once a timer is armed again, or `until` settles */
    async step(until: Promise<unknown>): Promise<void> {
      const due = [...timers].sort((a, b) => a.at - b.at)[0];
      if (!due) throw new Error('no timer to fire');
      timers = timers.filter((t) => t !== due);
      now = Math.max(now, due.at);
      const rearmed = new Promise<void>((r) => armed.push(r));
      due.fn();
      await Promise.race([rearmed, until]);
    },
  };
}

let dir: string;
let fleet: Fleet | undefined;
let repo: string;
let sha: string;
let browser: Browser | undefined;
let page: Page;
let release: () => void = () => undefined;
let loopDone: Promise<ExitCode> | undefined;
const clock = steppedClock();
const records: LogRecord[] = [];
const waiting: { msg: string; resolve: (r: LogRecord) => void }[] = [];

/** logged resolves with the first log record with this message (at once when one was written already) */
function logged(msg: string): Promise<LogRecord> {
  const seen = records.find((r) => r.msg === msg);
  return seen ? Promise.resolve(seen) : new Promise((resolve) => waiting.push({ msg, resolve }));
}

function onLine(line: string): void {
  const r = JSON.parse(line) as LogRecord;
  records.push(r);
  for (const w of waiting.filter((x) => x.msg === r.msg)) {
    waiting.splice(waiting.indexOf(w), 1);
    w.resolve(r);
  }
}

const cellSelector = (key: string, cluster: string) => `#matrix td.cell[data-resource="${key}"][data-cluster="${cluster}"]`;

beforeAll(async () => {
  dir = await makeTempDir();
  const quiet = { stdout: () => undefined, stderr: () => undefined };
  const started = await startClusters(dir, quiet);
  fleet = started.fleet;
  ({ repo, sha } = await copyExample(dir));
  const stopped = new Promise<void>((r) => (release = r));
  loopDone = runReconcileLoop({
    repo, kubeconfig: started.kubeconfig, format: 'table', cacheDir: join(dir, 'cache'), clusterTimeout: '30', concurrency: '8',
    interval: '1h', shutdownTimeout: '10s', listen: '127.0.0.1:0', probeInterval: '1s', failureThreshold: '3s',
  }, { stdout: onLine, stderr: () => undefined }, () => stopped, {}, { health: { now: clock.now, timer: clock.timer } });
  const { port } = await logged('listening');
  await logged('cycle finished');
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  // a failsafe only: every wait below is for a DOM change, and one that never comes fails here with its selector
  page.setDefaultTimeout(15_000);
  await page.goto(`http://127.0.0.1:${port}/`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  release();
  await loopDone;
  await teardown(dir, fleet);
}, 60_000);

describe('the dashboard in a browser', () => {
  it('loads and shows the example repository\'s plan: one cell per placed template and cluster, each applied at the commit', async () => {
    const { plan } = renderSnapshot(await readSource({ repo }));
    const expected = Object.entries(plan.clusters).flatMap(([cluster, objects]) => objects.filter((o) => plan.bindings.some((b) => b.resource === objectKey(o))).map((o) => `${objectKey(o)}|${cluster}`)).sort();
    expect(expected.length).toBeGreaterThan(4);
    await page.waitForFunction((n) => document.querySelectorAll('#matrix td.cell[data-sync="synced"]').length === n, expected.length);
    const shown = await page.$$eval('#matrix td.cell', (cells) => cells.map((c) => `${c.getAttribute('data-resource')}|${c.getAttribute('data-cluster')}`));
    expect(shown.sort()).toEqual(expected);
    const revisions = await page.$$eval('#matrix td.cell', (cells) => [...new Set(cells.map((c) => c.getAttribute('data-revision')))]);
    expect(revisions).toEqual([sha]);
    await page.waitForFunction(() => document.querySelectorAll('#clusters tr[data-ready="True"]').length === 4);
    await expect(page.textContent('#summary')).resolves.toContain(`commit ${sha.slice(0, 8)}`);
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard.png'), fullPage: true });
  });

  it('is usable with the keyboard: arrows move between cells, Enter opens the drill-down, Escape closes it', async () => {
    const first = page.locator('#matrix td.cell[tabindex="0"]');
    await first.focus();
    const from = await page.evaluate(() => document.activeElement?.getAttribute('data-cluster'));
    await page.keyboard.press('ArrowRight');
    const to = await page.evaluate(() => document.activeElement?.getAttribute('data-cluster'));
    expect(to).not.toBe(from);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#detail[open]');
    const subject = await page.textContent('#detail-title');
    expect(subject).toMatch(/^[A-Za-z]+\//);
    await page.keyboard.press('Escape');
    await page.waitForSelector('#detail[open]', { state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cluster'))).toBe(to);
  });

  it('a kubectl-style edit on a cluster turns that cell to drifted without a reload', async () => {
    const version = await page.evaluate(() => document.body.dataset.version);
    editReplicas(fleet as Fleet, EDITED, 'shop', 'web', 9);
    await page.waitForSelector(`${cellSelector(WEB, EDITED)}[data-drift="true"]`);
    expect(await page.evaluate(() => document.body.dataset.version)).not.toBe(version);
    expect(await page.$$eval('#matrix td.cell[data-drift="true"]', (cells) => cells.map((c) => `${c.getAttribute('data-resource')}|${c.getAttribute('data-cluster')}`))).toEqual([`${WEB}|${EDITED}`]);
    await page.focus(cellSelector(WEB, EDITED));
    await page.keyboard.press('Enter');
    const row = page.locator('#detail-drift tr[data-drift-field="spec.replicas"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('kubectl-edit');
    expect(await row.textContent()).toContain('9');
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-drift.png') });
    await page.keyboard.press('Escape');
    await page.waitForSelector('#detail[open]', { state: 'detached' });
  });

  it('a stopped cluster shows as not ready', async () => {
    const down = 'gcp-europe';
    await fleet?.cluster(down).faults.down();
    const shown = page.waitForSelector(`#clusters tr[data-cluster-row="${down}"][data-ready="Unknown"]`);
    let done = false;
    void shown.then(() => (done = true));
    // each probe ends by arming its next round: stepping the clock past the 3 s threshold needs about 4 rounds
    for (let steps = 0; !done && steps < 200; steps++) await clock.step(shown);
    await shown;
    // the render that follows derives the member's taint from its health
    await page.waitForSelector(`#clusters tr[data-cluster-row="${down}"] .taint.health`);
    expect(await page.textContent(`#clusters tr[data-cluster-row="${down}"] .taint.health`)).toContain('cluster.karmada.io/unreachable');
    expect(await page.getAttribute(`#matrix thead th[data-ready="Unknown"]`, 'title')).toBeTruthy();
    expect(await page.$$eval('#clusters tr[data-ready="True"]', (rows) => rows.length)).toBe(3);
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-cluster-down.png'), fullPage: true });
  });
});
