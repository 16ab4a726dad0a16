// The targets of issue 6 (a large authority's caseload on a 2-core server),
// and the check of one backend's measured results against them.
import type { StoreKind } from '../store/createDatabase.ts'
import type { ThreadCpu } from './threadCpu.ts'

/** One backend's measurements, under the keys bench/results.json uses. */
export interface BackendResults {
  backend: StoreKind
  families: number
  events: number
  import_events_per_s: number
  baseline_insert_events_per_s: number
  evaluate_all_s: number
  baseline_scan_s: number
  /** Families the nightly evaluation had to replay (their alerts changed). */
  evaluate_all_replayed: number
  one_event_p95_ms: number
  one_event_p50_ms: number
  one_event_samples: number
  /** One request at a time from one user, median: the page's own time, no queueing. */
  family_page_alone_ms: PageFigures
  family_page_p50_ms: PageFigures
  family_page_p95_ms: PageFigures
  family_page_per_s: PageFigures
  /**
   * The web server's CPU per page under the load (Linux): its main thread
   * (the one JavaScript thread, which caps pages per second) and the whole
   * process (with PGlite's own thread); with BENCH_WEB_WORKERS, its cluster
   * workers' added up.
   */
  family_page_server_cpu_ms: { typical: ThreadCpu; largest: ThreadCpu }
  /** Events of the families served: typical (about 100 events) and the largest. */
  family_page_events: PageFigures
  peak_rss_mb: { server: number; importer: number }
}

export interface PageFigures {
  typical: number
  largest: number
}

export interface TargetCheck {
  name: string
  measured: string
  target: string
  met: boolean
}

const fixed = (n: number, digits = 1) => n.toFixed(digits)

export function checkTargets(r: BackendResults): TargetCheck[] {
  const importRatio = r.import_events_per_s / r.baseline_insert_events_per_s
  const scanRatio = r.evaluate_all_s / r.baseline_scan_s
  const minPages = r.backend === 'pglite' ? 100 : 200
  return [
    {
      name: 'import overhead',
      measured: `${Math.round(r.import_events_per_s)} / ${Math.round(r.baseline_insert_events_per_s)} events/s = ${fixed(importRatio, 2)}`,
      target: '>= 0.70 of baseline insert',
      met: importRatio >= 0.7,
    },
    {
      name: 'whole caseload',
      measured: `${fixed(r.evaluate_all_s)} s / ${fixed(r.baseline_scan_s)} s scan = ${fixed(scanRatio, 2)}`,
      target: '<= 1.5 x baseline scan',
      met: scanRatio <= 1.5,
    },
    { name: 'one event p95', measured: `${fixed(r.one_event_p95_ms)} ms`, target: '<= 50 ms', met: r.one_event_p95_ms <= 50 },
    {
      name: 'family page alone, typical',
      measured: `${fixed(r.family_page_alone_ms.typical)} ms (one request at a time)`,
      target: '< 100 ms',
      met: r.family_page_alone_ms.typical < 100,
    },
    {
      name: 'family page p95, typical',
      measured: `${fixed(r.family_page_p95_ms.typical)} ms (${r.family_page_events.typical} events)`,
      target: '<= 150 ms',
      met: r.family_page_p95_ms.typical <= 150,
    },
    {
      name: 'family page p95, largest',
      measured: `${fixed(r.family_page_p95_ms.largest)} ms (${r.family_page_events.largest} events)`,
      target: '<= 400 ms',
      met: r.family_page_p95_ms.largest <= 400,
    },
    {
      name: 'family pages/s, typical',
      measured: fixed(r.family_page_per_s.typical),
      target: `>= ${minPages}`,
      met: r.family_page_per_s.typical >= minPages,
    },
  ]
}

/** The q-th percentile (0..100) of the values, nearest rank; NaN when there are none. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((q / 100) * sorted.length)
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1] ?? Number.NaN
}
