// Responses are compressed (Brotli or gzip) when the browser accepts it, as
// every browser does. A family page is 100 to 200 KB of HTML and SVG, a
// seventh of that compressed: writing the plain page to the socket cost the
// server more CPU than compressing it (issue 6, profiled under load), and a
// smaller page is quicker on a slow connection.
//
// Pages up to SYNC_COMPRESS_BYTES are compressed in one call on the main
// thread, not through a zlib stream on libuv's threadpool: the stream's
// machinery (an async iterator, a pipeline, an encoder's buffers, chunked
// writes) cost the server about 4 ms of CPU per typical family page in all,
// against under 1 ms compressing in one call, measured under the bench's
// load; the one-call answer also carries its Content-Length. Larger answers
// (the largest families' pages, exports) still stream, so one of them never
// holds the main thread for long.
import { constants } from 'node:zlib'
import fastifyCompress from '@fastify/compress'
import type { FastifyInstance } from 'fastify'

/**
 * Brotli's quality, 0 to 11 (@fastify/compress's default is 4). A typical
 * family page (72 KB) took 0.40 ms at quality 4 and 0.17 ms at 2, for 9.1 KB
 * against 9.8 KB; the largest (122 KB) 0.56 and 0.25 ms, for 11.3 and 12.3
 * KB. Under the bench's load quality 2 served 5 to 19% more pages a second
 * in three rounds of three (issue 6); 1 KB more is nothing on any connection.
 */
export const BROTLI_QUALITY = 2

/** Answers up to this size are compressed in one call; larger ones stream. */
export const SYNC_COMPRESS_BYTES = 512 * 1024

export function registerCompression(app: FastifyInstance): void {
  void app.register(fastifyCompress, {
    global: true,
    encodings: ['br', 'gzip'],
    syncThreshold: SYNC_COMPRESS_BYTES,
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } },
    // Request bodies are never inflated: an upload is limited by its size as sent.
    globalDecompression: false,
  })
}
