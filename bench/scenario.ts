/** Cell is one value of a result table. */
export type Cell = string | number | boolean | null;

/** Table is one printed result table; its rows also go to the results file as they are. */
export interface Table {
  title: string;
  columns: string[];
  rows: Cell[][];
}

/**
 * Ratio compares gitfed with the alternative measured in the same run: `value` is the alternative's
 * figure divided by gitfed's, so above 1 means gitfed is better (faster, fewer requests).
 */
export interface Ratio {
  label: string;
  value: number | null;
  /** how the ratio was obtained when it is not a direct measurement (e.g. a projection) */
  note?: string;
}

/** ScenarioResult is what one scenario reports. */
export interface ScenarioResult {
  tables: Table[];
  ratios: Ratio[];
  /** remarks worth reading next to the figures (what was sampled, projected or skipped) */
  notes: string[];
  /** every measurement, for the results file */
  raw: unknown;
}

/** BenchContext is what the runner gives a scenario. */
export interface BenchContext {
  /** the fast smoke profile: smallest sizes, one repetition (not for published figures) */
  quick: boolean;
  /** also run the expensive comparisons left out of the default run */
  exhaustive: boolean;
  /** a fresh temporary directory of this scenario, removed afterwards */
  workDir: string;
  /** the built gitfed command line (dist/cli/main.js) */
  cli: string;
  /** progress on stderr, so that stdout stays the result tables */
  log(message: string): void;
}

/** Scenario is one benchmark; the runner takes a list of them (bench/scenarios/index.ts). */
export interface Scenario {
  name: string;
  /** one line: what is measured against what */
  summary: string;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}
