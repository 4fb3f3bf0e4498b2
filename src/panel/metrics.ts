/**
 * Measurements for the closing report and the e2e test: activation time and, per analysis job,
 * the time to the result and the extension host's longest event-loop stall meanwhile
 * (perf_hooks.monitorEventLoopDelay). Off unless REGULARIZATION_METRICS names a JSON file to
 * write, or the hidden command regularization.debug.measure turns it on.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'perf_hooks';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { Session } from 'inspector';

const RESOLUTION_MS = 10;

export interface JobMetric {
  kind: string;
  file: string;
  rows?: number;
  elapsedMs: number;
  maxStallMs: number;
  p99StallMs: number;
  outcome: 'result' | 'error' | 'cancelled';
  /** For a cancelled job: from the cancel request reaching the host to the worker being gone. */
  cancelMs?: number;
  /**
   * Baseline: the longest stall while no job ran, from the previous job's end (or activation)
   * to this job's start — what the extension host does without us (other extensions, machine load).
   */
  idleMaxStallMs?: number;
  idleMs?: number;
}

export interface Metrics {
  /** The latest activate() call's duration (VS Code's figure adds loading the bundle). */
  activationMs: number;
  /** Every activation recorded in this file (a window reload activates again). */
  activations: number[];
  /** The worker heap limit in force (regularization.workerMemoryMb). */
  workerMemoryMb?: number;
  jobs: JobMetric[];
}

export class MetricsRecorder {
  enabled: boolean;
  readonly data: Metrics = { activationMs: 0, activations: [], jobs: [] };
  private idle: { h: IntervalHistogram; since: number } | undefined;
  private running = 0;

  constructor(private readonly outFile: string | undefined, private readonly profileDir?: string) {
    this.enabled = !!outFile;
    if (outFile && existsSync(outFile)) {
      try {
        const old = JSON.parse(readFileSync(outFile, 'utf8')) as Partial<Metrics>;
        this.data.activations = Array.isArray(old.activations) ? old.activations : [];
        this.data.jobs = Array.isArray(old.jobs) ? old.jobs : [];
      } catch {
        // A damaged metrics file is started afresh.
      }
    }
  }

  recordActivation(ms: number): void {
    this.data.activationMs = ms;
    this.data.activations.push(ms);
    this.flush();
    this.startIdle();
  }

  private startIdle(): void {
    if (!this.enabled || this.running > 0 || this.idle) return;
    const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    h.enable();
    this.idle = { h, since: performance.now() };
  }

  private stopIdle(): { idleMaxStallMs?: number; idleMs?: number } {
    const idle = this.idle;
    this.idle = undefined;
    if (!idle) return {};
    idle.h.disable();
    return { idleMaxStallMs: stallMs(idle.h.max), idleMs: Math.round(performance.now() - idle.since) };
  }

  /** Starts measuring one job; call the returned function when it ends. */
  startJob(kind: string, file: string): (outcome: JobMetric['outcome'], rows?: number, cancelMs?: number) => JobMetric | undefined {
    if (!this.enabled) return () => undefined;
    const baseline = this.stopIdle();
    this.running++;
    const t0 = performance.now();
    const stopProfile = this.profileDir && kind === 'analyze' ? startProfile() : undefined;
    let h: IntervalHistogram | undefined = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    h.enable();
    return (outcome, rows, cancelMs) => {
      if (!h) return undefined;
      h.disable();
      const m: JobMetric = {
        kind, file, rows, outcome, cancelMs,
        elapsedMs: Math.round(performance.now() - t0),
        maxStallMs: stallMs(h.max),
        p99StallMs: stallMs(h.percentile(99)),
        ...baseline,
      };
      h = undefined;
      if (stopProfile) stopProfile(`${this.profileDir}/host-${kind}-${this.data.jobs.length}.cpuprofile`);
      this.data.jobs.push(m);
      this.flush();
      this.running--;
      this.startIdle();
      return m;
    };
  }

  flush(): void {
    if (this.outFile) {
      try {
        writeFileSync(this.outFile, JSON.stringify(this.data, null, 2));
      } catch {
        // The metrics file is a test aid; failing to write it must not disturb the user.
      }
    }
  }
}

/**
 * monitorEventLoopDelay records each interval between its 10 ms ticks in ns (an idle loop shows
 * 10 ms), so a stall is the interval minus the resolution.
 */
function stallMs(ns: number): number {
  return Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 10) / 10);
}

/** A CPU profile of the extension host's thread (REGULARIZATION_PROFILE=dir): where a stall came from. */
function startProfile(): (file: string) => void {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  return (file) =>
    session.post('Profiler.stop', (err, res) => {
      if (!err) writeFileSync(file, JSON.stringify(res.profile));
      session.disconnect();
    });
}
