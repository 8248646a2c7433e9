import type { Item } from "./attributes.ts";

/** Thrown for a cursor this store did not hand out (or one for another query). */
export class InvalidCursorError extends Error {
  override name = "InvalidCursorError";
}

/**
 * A cursor is the last returned item's key attributes, as base64url JSON. Opaque to callers: they
 * only hand it back. Only string and number key attributes ever appear, and only those are accepted
 * back, so a forged cursor cannot smuggle arbitrary attribute values into a request.
 */
export function encodeCursor(item: Item, keyNames: readonly string[]): string {
  const key: Record<string, { S: string } | { N: string }> = {};
  for (const name of keyNames) {
    const value = item[name];
    if (value?.S !== undefined) key[name] = { S: value.S };
    else if (value?.N !== undefined) key[name] = { N: value.N };
    else throw new InvalidCursorError(`item lacks key attribute ${name}`);
  }
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor(cursor: string, keyNames: readonly string[]): Item {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError("cursor is not readable");
  }
  if (typeof parsed !== "object" || parsed === null) throw new InvalidCursorError("cursor is not a key");
  const record = parsed as Record<string, unknown>;
  const names = Object.keys(record).sort();
  if (names.join() !== [...keyNames].sort().join()) {
    throw new InvalidCursorError("cursor does not belong to this query");
  }
  const key: Item = {};
  for (const name of names) {
    const value = record[name] as Record<string, unknown> | null;
    const keys = value === null || typeof value !== "object" ? [] : Object.keys(value);
    const [type] = keys;
    const text = type === undefined ? undefined : value?.[type];
    if (keys.length !== 1 || typeof text !== "string" || (type !== "S" && type !== "N")) {
      throw new InvalidCursorError(`cursor attribute ${name} is malformed`);
    }
    key[name] = type === "S" ? { S: text } : { N: text };
  }
  return key;
}
