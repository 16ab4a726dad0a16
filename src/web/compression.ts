// Responses are compressed (Brotli or gzip) when the browser accepts it, as
// every browser does. A family page is 100 to 200 KB of HTML and SVG, a
// seventh of that compressed: writing the plain page to the socket cost the
// server more CPU than compressing it (issue 6, profiled under load), and a
// smaller page is quicker on a slow connection. Larger responses are
// compressed by zlib streams on libuv's threadpool, off the main thread.
import fastifyCompress from '@fastify/compress'
import type { FastifyInstance } from 'fastify'

export function registerCompression(app: FastifyInstance): void {
  void app.register(fastifyCompress, {
    global: true,
    encodings: ['br', 'gzip'],
    // Request bodies are never inflated: an upload is limited by its size as sent.
    globalDecompression: false,
  })
}
