/** Fault injection and request counters of one simulated cluster, changeable while it runs. */

/** Verb is the Kubernetes verb a resource request was counted under. */
export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';

/** InjectedStatusCode is a code the error-rate fault answers with. */
export type InjectedStatusCode = 500 | 503 | 429;

/**
 * HealthFault is what the health endpoints say: `ok`; `failing` /readyz and /healthz answer 500 with a failed etcd
 * check, as an API server whose storage is gone does; `no-readyz` /readyz is not served (404), as before 1.16.
 */
export type HealthFault = 'ok' | 'failing' | 'no-readyz';

const HEALTH_FAULTS: readonly HealthFault[] = ['ok', 'failing', 'no-readyz'];

/** FaultSettings is the current fault configuration of a cluster. */
export interface FaultSettings {
  /** listener closed: connections are refused */
  down: boolean;
  /** added to every request before it is handled */
  latencyMs: number;
  /** fraction (0..1) of requests answered with one of errorCodes */
  errorRate: number;
  errorCodes: InjectedStatusCode[];
  /** the verbs the error rate applies to (empty: every request, discovery included) */
  errorVerbs: Verb[];
  /** the resources (plural names, e.g. `secrets`) the error rate applies to (empty: every resource) */
  errorResources: string[];
  /** Retry-After of injected 429 and 503 answers */
  retryAfterSeconds: number;
  /** fraction (0..1) of writes answered 409 Conflict */
  conflictRate: number;
  /** what /readyz and /healthz answer; the rest of the API works as ever */
  health: HealthFault;
}

/** CounterSnapshot holds request counts by verb plus totals. */
export type CounterSnapshot = Record<Verb, number> & { reads: number; writes: number; dryRuns: number; watches: number; discovery: number; total: number };

/** ListenerControl closes and reopens a cluster's listener (on the same port). */
export interface ListenerControl {
  close(): Promise<void>;
  open(): Promise<void>;
}

const VERBS: readonly Verb[] = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const READS: ReadonlySet<Verb> = new Set(['get', 'list']);
const WRITES: ReadonlySet<Verb> = new Set(['create', 'update', 'patch', 'delete']);

function defaults(): FaultSettings {
  return { down: false, latencyMs: 0, errorRate: 0, errorCodes: [500, 503, 429], errorVerbs: [], errorResources: [], retryAfterSeconds: 1, conflictRate: 0, health: 'ok' };
}

/** RequestCounters counts the requests a cluster received, by verb. */
export class RequestCounters {
  private counts = new Map<Verb | 'discovery' | 'dryRun', number>();
  private agents = new Map<string, number>();

  /** count records one request; a dry-run write changes nothing, so it is counted apart from the writes. */
  count(verb: Verb | 'discovery', dryRun = false, userAgent?: string): void {
    const key = dryRun && WRITES.has(verb as Verb) ? 'dryRun' : verb;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    // who wrote: several reconciler replicas share one field manager, so their User-Agents tell them apart
    if (key !== 'dryRun' && WRITES.has(verb as Verb)) this.agents.set(userAgent ?? '', (this.agents.get(userAgent ?? '') ?? 0) + 1);
  }

  /** writersByAgent counts the writes (dry runs aside) per User-Agent header ('' when none was sent). */
  writersByAgent(): Record<string, number> {
    return Object.fromEntries(this.agents);
  }

  /** snapshot returns the counts so far (a copy). */
  snapshot(): CounterSnapshot {
    const c = (v: Verb | 'discovery' | 'dryRun'): number => this.counts.get(v) ?? 0;
    const verbs: Verb[] = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
    const byVerb = Object.fromEntries(verbs.map((v) => [v, c(v)])) as Record<Verb, number>;
    const sum = (set: ReadonlySet<Verb>): number => verbs.filter((v) => set.has(v)).reduce((n, v) => n + c(v), 0);
    const reads = sum(READS);
    const writes = sum(WRITES);
    const watches = c('watch');
    const dryRuns = c('dryRun');
    return { ...byVerb, reads, writes, dryRuns, watches, discovery: c('discovery'), total: reads + writes + dryRuns + watches + c('discovery') };
  }

  /** reset sets every count back to zero. */
  reset(): void {
    this.counts.clear();
    this.agents.clear();
  }
}

/** FaultedRequest is what the fault layer knows of a request: its verb and resource (none for discovery). */
export interface FaultedRequest {
  verb?: Verb;
  /** plural resource name */
  resource?: string;
  write: boolean;
}

/** InjectedFault is what the fault layer decided to answer instead of handling a request. */
export interface InjectedFault {
  code: 409 | InjectedStatusCode;
  retryAfterSeconds?: number;
}

/** ClusterFaults is the runtime fault switchboard of one cluster. */
export class ClusterFaults {
  private current: FaultSettings = defaults();
  private readonly listener: ListenerControl;
  private readonly random: () => number;

  constructor(listener: ListenerControl, random: () => number = Math.random) {
    this.listener = listener;
    this.random = random;
  }

  /** settings returns a copy of the current configuration. */
  get settings(): FaultSettings {
    const c = this.current;
    return { ...c, errorCodes: [...c.errorCodes], errorVerbs: [...c.errorVerbs], errorResources: [...c.errorResources] };
  }

  /** set changes some settings; changing `down` closes or reopens the listener. */
  async set(change: Partial<FaultSettings>): Promise<void> {
    validate(change);
    const wasDown = this.current.down;
    this.current = { ...this.current, ...change };
    if (change.down === true && !wasDown) await this.listener.close();
    if (change.down === false && wasDown) await this.listener.open();
  }

  /** down closes the listener: new connections are refused and open ones are cut. */
  down(): Promise<void> {
    return this.set({ down: true });
  }

  /** up reopens the listener on the same port. */
  up(): Promise<void> {
    return this.set({ down: false });
  }

  /** reset clears every fault (and brings the cluster up). */
  reset(): Promise<void> {
    return this.set(defaults());
  }

  /** latency is the delay to add to the next request. */
  latency(): number {
    return this.current.latencyMs;
  }

  /** decide says whether a request is to be answered with an injected error. */
  decide(req: FaultedRequest): InjectedFault | undefined {
    const s = this.current;
    if (s.errorRate > 0 && s.errorCodes.length > 0 && inScope(s, req) && this.random() < s.errorRate) {
      const code = s.errorCodes[Math.floor(this.random() * s.errorCodes.length)] ?? 500;
      return code === 500 ? { code } : { code, retryAfterSeconds: s.retryAfterSeconds };
    }
    if (req.write && s.conflictRate > 0 && this.random() < s.conflictRate) return { code: 409 };
    return undefined;
  }
}

/** inScope tells whether the error rate applies to a request: a narrowed scope lets one kind of write fail while the rest works. */
function inScope(s: FaultSettings, req: FaultedRequest): boolean {
  const verbOk = s.errorVerbs.length === 0 || (req.verb !== undefined && s.errorVerbs.includes(req.verb));
  return verbOk && (s.errorResources.length === 0 || (req.resource !== undefined && s.errorResources.includes(req.resource)));
}

function validate(change: Partial<FaultSettings>): void {
  for (const key of ['errorRate', 'conflictRate'] as const) {
    const v = change[key];
    if (v !== undefined && !(v >= 0 && v <= 1)) throw new RangeError(`${key} must be within 0..1, got ${v}`);
  }
  if (change.latencyMs !== undefined && !(change.latencyMs >= 0)) throw new RangeError(`latencyMs must be >= 0`);
  for (const code of change.errorCodes ?? []) {
    if (![500, 503, 429].includes(code)) throw new RangeError(`errorCodes accepts 500, 503 and 429, got ${code}`);
  }
  for (const verb of change.errorVerbs ?? []) {
    if (!VERBS.includes(verb)) throw new RangeError(`errorVerbs accepts ${VERBS.join(', ')}, got ${String(verb)}`);
  }
  if (change.health !== undefined && !HEALTH_FAULTS.includes(change.health)) {
    throw new RangeError(`health accepts ${HEALTH_FAULTS.join(', ')}, got ${String(change.health)}`);
  }
  if (change.errorResources !== undefined && !change.errorResources.every((r) => typeof r === 'string' && r !== '')) {
    throw new RangeError('errorResources must be plural resource names');
  }
}
