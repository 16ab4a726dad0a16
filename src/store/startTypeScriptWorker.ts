// Starts a worker thread on one of the program's TypeScript modules. The
// program runs its sources through tsx (bin/throughline.js, no build step); a
// loader given to the thread on its command line does not reach its modules
// on Node 20, so tsx is registered in the thread itself before the import.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

/**
 * `preload`, a plain JavaScript module, is imported before tsx is registered:
 * Node loads it and the packages it imports natively, about twice as fast as
 * through tsx (on Node 20 each module tsx loads is a round trip to its loader
 * thread), and the script's own imports of them then find them loaded.
 */
export function startTypeScriptWorker(script: URL, workerData?: unknown, preload?: URL): Worker {
  const tsxApi = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href
  const first = preload === undefined ? 'Promise.resolve()' : `import(${JSON.stringify(preload.href)})`
  return new Worker(
    `${first}.then(() => import(${JSON.stringify(tsxApi)})).then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}) })`,
    { eval: true, workerData },
  )
}
