// Progress of a benchmark run: a line per phase on stderr, and bars when
// stderr is a terminal.
import cliProgress from 'cli-progress'
import type { OutputStream } from '../cli/cliContext.ts'

export interface ProgressBar {
  update(done: number): void
  increment(): void
  stop(): void
}

export interface BenchProgress {
  phase(text: string): void
  bar(label: string, total: number): ProgressBar
}

const NO_BAR: ProgressBar = { update() {}, increment() {}, stop() {} }

export function createBenchProgress(lines: OutputStream | undefined, terminal: NodeJS.WriteStream | undefined): BenchProgress {
  const started = performance.now()
  return {
    phase(text) {
      const elapsed = ((performance.now() - started) / 1000).toFixed(0).padStart(5)
      lines?.write(`${elapsed} s  ${text}\n`)
    },
    bar(label, total) {
      if (terminal === undefined || total <= 0) return NO_BAR
      const bar = new cliProgress.SingleBar({
        stream: terminal, format: `${label} [{bar}] {value}/{total}`, hideCursor: true, clearOnComplete: true,
      }, cliProgress.Presets.shades_classic)
      bar.start(total, 0)
      return { update: (done) => bar.update(done), increment: () => bar.increment(), stop: () => bar.stop() }
    },
  }
}
