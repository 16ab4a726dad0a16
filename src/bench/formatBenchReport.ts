// The benchmark's results as a plain-text table: every measurement, then each
// target with whether it was met.
import type { BenchReport } from './runBenchmark.ts'
import { checkTargets } from './benchTargets.ts'
import type { BackendResults } from './benchTargets.ts'

const n = (value: number, digits = 0) => (Number.isFinite(value) ? value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a')

function measurements(r: BackendResults): [string, string][] {
  return [
    ['import_events_per_s', n(r.import_events_per_s)],
    ['baseline_insert_events_per_s', n(r.baseline_insert_events_per_s)],
    ['evaluate_all_s', n(r.evaluate_all_s, 1)],
    ['baseline_scan_s', n(r.baseline_scan_s, 1)],
    ['one_event_p95_ms', `${n(r.one_event_p95_ms, 1)} (p50 ${n(r.one_event_p50_ms, 1)}, ${r.one_event_samples} events)`],
    ['family_page_alone_ms', `${n(r.family_page_alone_ms.typical, 1)} typical, ${n(r.family_page_alone_ms.largest, 1)} largest (one request at a time)`],
    ['family_page_p50_ms', `${n(r.family_page_p50_ms.typical, 1)} typical, ${n(r.family_page_p50_ms.largest, 1)} largest`],
    ['family_page_p95_ms', `${n(r.family_page_p95_ms.typical, 1)} typical, ${n(r.family_page_p95_ms.largest, 1)} largest`],
    ['family_page_per_s', `${n(r.family_page_per_s.typical, 1)} typical, ${n(r.family_page_per_s.largest, 1)} largest`],
    ['family_page_server_cpu_ms', `${n(r.family_page_server_cpu_ms.typical.main, 1)} main thread (${n(r.family_page_server_cpu_ms.typical.all, 1)} all) typical, ${n(r.family_page_server_cpu_ms.largest.main, 1)} (${n(r.family_page_server_cpu_ms.largest.all, 1)}) largest`],
    ['peak_rss_mb', `${n(r.peak_rss_mb.server)} server, ${n(r.peak_rss_mb.importer)} importer`],
  ]
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? []
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n')
}

export function formatBenchReport(report: BenchReport): string {
  const g = report.generated
  const m = report.machine
  const out = [
    `Caseload: ${n(g.children)} children, ${n(g.families)} families, ${n(g.events)} events (${g.megabytes} MB), seed ${g.seed}`,
    `Machine: ${m.cpus} cores (${m.cpu_model}), ${m.memory_gb} GB, Node ${m.node}, ${m.platform}`,
  ]
  for (const r of Object.values(report.backends)) {
    out.push('', `${r.backend === 'pglite' ? 'PGlite (embedded)' : `PostgreSQL (${report.postgres_url ?? ''})`}`)
    out.push(table(measurements(r).map(([k, v]) => [`  ${k}`, v])))
    out.push('', table([
      ['  target', 'measured', 'goal', ''],
      ...checkTargets(r).map((t) => [`  ${t.name}`, t.measured, t.target, t.met ? 'met' : 'MISSED']),
    ]))
  }
  return `${out.join('\n')}\n`
}
