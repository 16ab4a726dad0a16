// Child process: imports the benchmark's file through `throughline import`
// itself (parse, validate, store, evaluate the touched families), then writes
// one line of JSON to stdout: how long it took and its peak memory.
import { main } from '../cli/main.ts'
import { processContext } from '../cli/cliContext.ts'
import { peakRssMb } from './childProcess.ts'

const args = process.argv.slice(2)
const context = processContext()
const started = performance.now()
// The import's per-family report is not what is measured: it goes nowhere.
const code = await main(['import', ...args], { ...context, stdout: { write: () => true } })
const seconds = (performance.now() - started) / 1000
process.stdout.write(`${JSON.stringify({ code, seconds, peakRssMb: peakRssMb() })}\n`)
process.exitCode = code
