// Starts a worker thread on one of the program's TypeScript modules. The
// program runs its sources through tsx (bin/throughline.js, no build step); a
// loader given to the thread on its command line does not reach its modules
// on Node 20, so tsx is registered in the thread itself before the import.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

export function startTypeScriptWorker(script: URL, workerData?: unknown): Worker {
  const tsxApi = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href
  return new Worker(
    `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}) })`,
    { eval: true, workerData },
  )
}
