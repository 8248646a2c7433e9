import { Readable, type Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from "node:zlib";

/** What the client offers in Accept-Encoding: exactly the codings readCappedBody can undo. */
export const ACCEPT_ENCODING = "gzip, deflate, br";

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

/**
 * The body cannot be undone as its Content-Encoding says: a coding never offered, codings stacked, or
 * compressed data that is corrupt or cut short. The server sends the same bytes every time, so unlike a
 * reset connection this is not worth a retry. The message is the reason; the client adds the URL.
 */
export class UndecodableBodyError extends Error {
  constructor(
    readonly contentEncoding: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = "UndecodableBodyError";
  }
}

function decoderFor(coding: string, head: Buffer): Transform | null {
  switch (coding) {
    case "gzip":
    case "x-gzip":
      return createGunzip();
    case "deflate":
      // Servers send deflate both with and without the zlib wrapper. A zlib stream starts with CMF 0x78
      // (deflate, 32K window); anything else is raw deflate.
      return head[0] === 0x78 ? createInflate() : createInflateRaw();
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
    // Legal in HTTP, but no server does it on purpose: it is a proxy compressing what was compressed.
    throw new UndecodableBodyError(
      contentEncoding ?? "",
      `Content-Encoding: ${contentEncoding} compresses the body more than once, which is not supported (one of ${ACCEPT_ENCODING} is)`,
    );
  }
  const coding = codings[0] ?? null;
  const wire = countBytes(body, limit, "wire");
  if (coding === null) return collect(Readable.from(wire), limit, "wire");

  const first = await wire.next();
  // An empty body is empty whatever its label says (some servers label a 204-like 200 as gzip).
  if (first.done) return new Uint8Array(0);
  const decoder = decoderFor(coding, first.value);
  if (!decoder) {
    throw new UndecodableBodyError(
      coding,
      `Content-Encoding: ${coding} was never offered (Accept-Encoding: ${ACCEPT_ENCODING})`,
    );
  }
  let wireFailure: unknown = null;
  const input = (async function* () {
    yield first.value;
    yield* wire;
  })();
  Readable.from(input)
    .on("error", (err) => {
      // Remembered so that a reset or a timeout on the wire is not mistaken for corrupt data below.
      wireFailure = err;
      decoder.destroy(err);
    })
    .pipe(decoder);
  return collect(decoder, limit, "decoded", (err) => {
    if (err === wireFailure) return err;
    const detail = err instanceof Error ? err.message : String(err);
    return new UndecodableBodyError(
      coding,
      `Content-Encoding: ${coding}, but the body does not decompress (${detail}): it is corrupt or cut short`,
      { cause: err },
    );
  });
}

/** Gathers `source` up to `limit` bytes; `explain` turns a failure of the source into the error to throw. */
async function collect(
  source: Readable,
  limit: number,
  stage: "wire" | "decoded",
  explain: (err: unknown) => unknown = (err) => err,
): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limit) throw new BodyTooLargeError(limit, stage);
      chunks.push(chunk);
    }
  } catch (err) {
    throw err instanceof BodyTooLargeError ? err : explain(err);
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
