/**
 * The query API's routes over the history store, free of Lambda types: parameters validated with zod
 * into messages that name the parameter, say what is wrong and show a good value; pages of
 * `{items, cursor}` where cursor is null on the last page and opaque otherwise.
 *
 *   GET /tallies[?watch=ID&limit=N&cursor=C]          the newest version of every tally, with its id
 *   GET /tallies/{id}/versions[?limit=N&cursor=C]     one tally's versions, newest first
 *   GET /revisions?since=ISO8601[&limit=N&cursor=C]   versions of every tally recorded since, oldest first
 */
import * as z from "zod/mini";
import { CATEGORIES, POPULATIONS } from "../lib/model/figure.ts";
import type { TallyKey, TallyVersion } from "../lib/model/tally.ts";
import { InvalidCursorError } from "../lib/store/cursor.ts";
import type { HistoryStore } from "../lib/store/ports.ts";
import "./zod-messages.ts";

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;

/** A request the API refuses; the message is shown to the caller as `{error}`. */
export class ApiRequestError extends Error {
  override name = "ApiRequestError";
  constructor(
    readonly status: 400 | 404 | 405,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export type Query = Readonly<Record<string, string | undefined>>;

export interface ApiRequest {
  method: string;
  path: string;
  query: Query;
}

export interface ApiResult {
  status: number;
  body: unknown;
}

export interface Page<T> {
  items: T[];
  cursor: string | null;
}

/** A tally as GET /tallies lists it: its newest version and the id its versions are read by. */
export type TallyItem = TallyVersion & { id: string };

const ROUTES = "GET /tallies, GET /tallies/{id}/versions, GET /revisions";
const ID_EXAMPLE = 'an "id" from GET /tallies';
const part = z.string().check(z.minLength(1));
const idSchema = z.tuple([part, part, z.enum(POPULATIONS), z.enum(CATEGORIES)]);

/** The tally's id in URLs: base64url of the JSON [watch, party, population, category]. */
export function tallyId(key: TallyKey): string {
  return Buffer.from(JSON.stringify([key.watch, key.party, key.population, key.category])).toString(
    "base64url",
  );
}

/** @throws ApiRequestError (400) for anything tallyId did not produce. */
export function parseTallyId(id: string, what = "id"): TallyKey {
  const bad = (why: string) => new ApiRequestError(400, `${what}: ${why}: use ${ID_EXAMPLE} unchanged`);
  if (!/^[A-Za-z0-9_-]{1,1400}$/.test(id)) throw bad("not a tally id (base64url text)");
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(id, "base64url").toString("utf8"));
  } catch {
    throw bad("not a tally id (does not decode)");
  }
  const parsed = z.safeParse(idSchema, raw);
  if (!parsed.success) throw bad("not a tally id (not [watch, party, population, category])");
  const [watch, party, population, category] = parsed.data;
  const key: TallyKey = { watch, party, population, category };
  // Only the one spelling tallyId produces, so a cursor or id has exactly one form.
  if (tallyId(key) !== id) throw bad("not a tally id (not in canonical form)");
  return key;
}

const limit = z.pipe(
  z._default(
    z.string().check(
      z.refine((text) => /^\d{1,4}$/.test(text) && Number(text) >= 1 && Number(text) <= MAX_LIMIT, {
        error: (issue) =>
          `${JSON.stringify(issue.input)} is not a whole number from 1 to ${MAX_LIMIT}: e.g. limit=${DEFAULT_LIMIT}`,
      }),
    ),
    String(DEFAULT_LIMIT),
  ),
  z.transform(Number),
);

const CURSOR_MESSAGE =
  'not a cursor this route handed out: pass back the "cursor" of the previous page unchanged, or leave it out for the first page';

const cursor = z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,2048}$/, { error: CURSOR_MESSAGE })));

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
const SINCE_EXAMPLE = "since=2020-10-01T00:00:00Z (or since=2020-10-01)";

/** The time an ISO 8601 day (midnight UTC) or time with its zone stands for; null for anything else. */
export function isoTime(text: string): Date | null {
  // An unencoded "+" of an offset reaches the API as a space.
  const value = text.trim().replace(/ (\d{2}:\d{2})$/, "+$1");
  const m = ISO_RE.exec(value);
  if (m === null) return null;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (day.toISOString().slice(0, 10) !== value.slice(0, 10)) return null;
  const time = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(time) ? null : new Date(time);
}

/** As UTC "...Z": the store compares it as text with observedAt. */
const since = z.pipe(
  z.string({ error: `missing: give the earliest time to list from, e.g. ${SINCE_EXAMPLE}` }).check(
    z.refine((text) => isoTime(text) !== null, {
      error: (issue) => `${JSON.stringify(issue.input)} is not an ISO 8601 time: e.g. ${SINCE_EXAMPLE}`,
    }),
  ),
  z.transform((text) => (isoTime(text) as Date).toISOString()),
);

const watch = z.optional(
  z.string().check(
    z.regex(/^[a-z0-9-]{1,100}$/, {
      error: "not a watch id: use one of the config's watch ids, e.g. watch=karabakh-2020",
    }),
  ),
);

/** Parses a route's query; unknown parameters are refused so a misspelt one is not silently ignored. */
export function parseQuery<Shape extends z.core.$ZodShape>(
  query: Query,
  shape: Shape,
): z.output<z.ZodMiniObject<Shape, z.core.$strict>> {
  const names = Object.keys(shape);
  const schema = z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown parameter ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}: this route takes ${names.join(", ")}`
        : undefined,
  });
  const result = z.safeParse(schema, query);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = issue?.path[0];
  const message = issue?.message ?? "invalid";
  throw new ApiRequestError(400, name === undefined ? message : `${String(name)}: ${message}`);
}

export const TALLIES_QUERY = { watch, limit, cursor };
export const VERSIONS_QUERY = { limit, cursor };
export const REVISIONS_QUERY = { since, limit, cursor };

/** Routes one request; throws ApiRequestError for what the caller must change. */
export async function route(store: HistoryStore, request: ApiRequest): Promise<ApiResult> {
  const path = request.path.length > 1 ? request.path.replace(/\/$/, "") : request.path;
  const versionsOf = /^\/tallies\/([^/]+)\/versions$/.exec(path)?.[1];
  const known = path === "/tallies" || path === "/revisions" || versionsOf !== undefined;
  if (!known)
    throw new ApiRequestError(404, `no route ${request.method} ${request.path}: the API serves ${ROUTES}`);
  if (request.method !== "GET") {
    throw new ApiRequestError(405, `${request.method} is not allowed on ${path}: only GET is`, {
      allow: "GET",
    });
  }
  if (path === "/tallies") return { status: 200, body: await listTallies(store, request.query) };
  if (path === "/revisions") return { status: 200, body: await revisions(store, request.query) };
  return { status: 200, body: await versions(store, versionsOf ?? "", request.query) };
}

function label(key: TallyKey): string {
  return [key.watch, key.party, key.population, key.category].join("\u0000");
}

async function listTallies(store: HistoryStore, query: Query): Promise<Page<TallyItem>> {
  const params = parseQuery(query, TALLIES_QUERY);
  // The cursor is the id of the page's last tally: tallies are few, so they are listed whole and paged here.
  const after = params.cursor === undefined ? null : label(parseCursorId(params.cursor));
  const all = (await store.allTallies())
    .filter((version) => params.watch === undefined || version.key.watch === params.watch)
    .sort((a, b) => (label(a.key) < label(b.key) ? -1 : label(a.key) > label(b.key) ? 1 : 0));
  const rest = after === null ? all : all.filter((version) => label(version.key) > after);
  const page = rest.slice(0, params.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((version) => ({ id: tallyId(version.key), ...version })),
    cursor: rest.length > page.length && last !== undefined ? tallyId(last.key) : null,
  };
}

function parseCursorId(text: string): TallyKey {
  try {
    return parseTallyId(text, "cursor");
  } catch {
    throw new ApiRequestError(400, `cursor: ${CURSOR_MESSAGE}`);
  }
}

async function versions(store: HistoryStore, id: string, query: Query): Promise<Page<TallyVersion>> {
  const key = parseTallyId(id);
  const params = parseQuery(query, VERSIONS_QUERY);
  const page = await storeCursor(() =>
    store.versions(key, { limit: params.limit, cursor: params.cursor ?? null }),
  );
  if (page.items.length === 0 && params.cursor === undefined) {
    throw new ApiRequestError(404, `no tally with id ${id}: list the tallies with GET /tallies`);
  }
  return page;
}

async function revisions(store: HistoryStore, query: Query): Promise<Page<TallyVersion>> {
  const params = parseQuery(query, REVISIONS_QUERY);
  return storeCursor(() =>
    store.revisionsSince(params.since, { limit: params.limit, cursor: params.cursor ?? null }),
  );
}

/** The store refuses cursors it did not hand out (or handed out for another query): the caller's fault. */
async function storeCursor<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof InvalidCursorError) throw new ApiRequestError(400, `cursor: ${CURSOR_MESSAGE}`);
    throw err;
  }
}
