/**
 * Measurements for the closing report and the e2e test: activation time and, per analysis job,
 * the time to the result and the extension host's longest event-loop stall meanwhile
 * (perf_hooks.monitorEventLoopDelay). Off unless REGULARIZATION_METRICS names a JSON file to
 * write, or the hidden command regularization.debug.measure turns it on.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'perf_hooks';
import { writeFileSync } from 'fs';

const RESOLUTION_MS = 10;

export interface JobMetric {
  kind: string;
  file: string;
  rows?: number;
  elapsedMs: number;
  maxStallMs: number;
  p99StallMs: number;
  outcome: 'result' | 'error' | 'cancelled';
}

export interface Metrics {
  activationMs: number;
  jobs: JobMetric[];
}

export class MetricsRecorder {
  enabled: boolean;
  readonly data: Metrics = { activationMs: 0, jobs: [] };

  constructor(private readonly outFile: string | undefined) {
    this.enabled = !!outFile;
  }

  /** Starts measuring one job; call the returned function when it ends. */
  startJob(kind: string, file: string): (outcome: JobMetric['outcome'], rows?: number) => JobMetric | undefined {
    if (!this.enabled) return () => undefined;
    const t0 = performance.now();
    let h: IntervalHistogram | undefined = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    h.enable();
    return (outcome, rows) => {
      if (!h) return undefined;
      h.disable();
      // The histogram records each interval between 10 ms ticks in ns (an idle loop shows 10 ms),
      // so the stall is the interval minus the resolution.
      const stall = (ns: number) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 10) / 10);
      const m: JobMetric = {
        kind, file, rows, outcome,
        elapsedMs: Math.round(performance.now() - t0),
        maxStallMs: stall(h.max),
        p99StallMs: stall(h.percentile(99)),
      };
      h = undefined;
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
