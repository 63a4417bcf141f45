import type { Scenario } from '../scenario.js';
import { applyScenario } from './apply.js';
import { customWorkloadsScenario } from './custom-workloads.js';
import { divisionScenario } from './division.js';
import { engineScenario } from './engine.js';
import { failoverScenario } from './failover.js';
import { latencyScenario } from './latency.js';
import { renderScenario } from './render.js';
import { replicasScenario } from './replicas.js';
import { renderScaleScenario } from './render-scale.js';
import { watchScenario } from './watch.js';

/**
 * SCENARIOS is what `npm run bench` runs, in this order. A scenario is one module exporting a Scenario; adding
 * one (e.g. the long-running reconciler's `latency`) is that file plus its line here.
 */
export const SCENARIOS: readonly Scenario[] = [renderScenario, renderScaleScenario, applyScenario, latencyScenario, engineScenario, divisionScenario, customWorkloadsScenario, watchScenario, failoverScenario, replicasScenario];
