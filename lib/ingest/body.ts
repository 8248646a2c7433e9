import { Readable, type Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from "node:zlib";

/** The body passed its cap; thrown by readCappedBody, turned into a FeedFetchError by the client. */
export class BodyTooLargeError extends Error {
  constructor(
    readonly limit: number,
    readonly stage: "declared" | "wire" | "decoded",
  ) {
    super(`body larger than ${limit} bytes (${stage})`);
    this.name = "BodyTooLargeError";
  }
}

function decoderFor(contentEncoding: string): Transform | null {
  switch (contentEncoding) {
    case "gzip":
    case "x-gzip":
      return createGunzip();
    case "deflate":
      // Servers send deflate both with and without the zlib wrapper; the first byte tells which.
      return null;
    case "br":
      return createBrotliDecompress();
    default:
      return null;
  }
}

/**
 * Reads a response body into memory, decompressing gzip, deflate and br, and stops as soon as either
 * the bytes on the wire or the decompressed bytes pass `limit`: a compression bomb costs at most
 * `limit` bytes of memory, never its expanded size.
 */
export async function readCappedBody(
  body: Readable | AsyncIterable<Uint8Array>,
  contentEncoding: string | null,
  limit: number,
): Promise<Uint8Array> {
  const codings = (contentEncoding ?? "")
    .toLowerCase()
    .split(",")
    .map((c) => c.trim())
    .filter((c) => c && c !== "identity");
  if (codings.length > 1) {
    throw new Error(`unsupported stacked content-encoding "${contentEncoding}"`);
  }
  const coding = codings[0] ?? null;
  const wire = countBytes(body, limit, "wire");
  const source = coding === null ? Readable.from(wire) : await decompressed(wire, coding);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limit) throw new BodyTooLargeError(limit, coding === null ? "wire" : "decoded");
      chunks.push(chunk);
    }
  } finally {
    source.destroy();
  }
  return Buffer.concat(chunks, total);
}

async function* countBytes(
  body: AsyncIterable<Uint8Array>,
  limit: number,
  stage: "wire",
): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (total > limit) throw new BodyTooLargeError(limit, stage);
    yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

async function decompressed(wire: AsyncGenerator<Buffer>, coding: string): Promise<Readable> {
  let decoder = decoderFor(coding);
  let input: AsyncIterable<Buffer> = wire;
  if (coding === "deflate") {
    const first = await wire.next();
    const head = first.done ? Buffer.alloc(0) : first.value;
    // A zlib stream starts with CMF 0x78 (deflate, 32K window); anything else is raw deflate.
    decoder = head[0] === 0x78 ? createInflate() : createInflateRaw();
    input = (async function* () {
      if (head.length) yield head;
      yield* wire;
    })();
  }
  if (!decoder) throw new Error(`unsupported content-encoding "${coding}"`);
  const out = decoder;
  Readable.from(input)
    .on("error", (err) => out.destroy(err))
    .pipe(out);
  return out;
}
