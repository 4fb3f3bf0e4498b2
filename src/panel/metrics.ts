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
}

export interface Metrics {
  /** The latest activation (module load to the end of activate). */
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
  }

  /** Starts measuring one job; call the returned function when it ends. */
  startJob(kind: string, file: string): (outcome: JobMetric['outcome'], rows?: number, cancelMs?: number) => JobMetric | undefined {
    if (!this.enabled) return () => undefined;
    const t0 = performance.now();
    const stopProfile = this.profileDir && kind === 'analyze' ? startProfile() : undefined;
    let h: IntervalHistogram | undefined = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    h.enable();
    return (outcome, rows, cancelMs) => {
      if (!h) return undefined;
      h.disable();
      // The histogram records each interval between 10 ms ticks in ns (an idle loop shows 10 ms),
      // so the stall is the interval minus the resolution.
      const stall = (ns: number) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 10) / 10);
      const m: JobMetric = {
        kind, file, rows, outcome, cancelMs,
        elapsedMs: Math.round(performance.now() - t0),
        maxStallMs: stall(h.max),
        p99StallMs: stall(h.percentile(99)),
      };
      h = undefined;
      if (stopProfile) stopProfile(`${this.profileDir}/host-${kind}-${this.data.jobs.length}.cpuprofile`);
      this.data.jobs.push(m);
      this.flush();
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
