/**
 * The CLI's client of the deployed query API (an HTTP API with IAM authorization): every request is
 * signed with SigV4 for the service "execute-api" using the caller's own AWS credentials, pages are
 * followed through their cursors, and each failure says what to do (credentials, IAM, the URL).
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { SignatureV4 } from "@smithy/signature-v4";
import type { TallyKey, TallyVersion } from "../model/tally.ts";
import { type HistoryFilter, history } from "../monitor/history.ts";
import type { HistoryStore } from "../store/ports.ts";

/** A request to the API that failed; the message is one line a person can act on. */
export class ApiClientError extends Error {
  override name = "ApiClientError";
  constructor(
    message: string,
    readonly status: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

type Credentials = ConstructorParameters<typeof SignatureV4>[0]["credentials"];

export interface ApiClientOptions {
  /** Default: the SDK's chain (environment, AWS_PROFILE and SSO, container and instance roles). */
  credentials?: Credentials;
  /** Default: from an execute-api host name, else AWS_REGION or AWS_DEFAULT_REGION. */
  region?: string;
  /** Per request. @default 15 s */
  timeoutMs?: number;
}

export type Query = Readonly<Record<string, string | undefined>>;

export interface ApiPage<T> {
  items: T[];
  cursor: string | null;
}

const MAX_LIMIT = "500";
const IN_FLIGHT = 4;
const RETRIES = 3;

/** The region an API URL lives in: https://<id>.execute-api.<region>.amazonaws.com, else the environment. */
export function apiRegion(url: URL, env: NodeJS.ProcessEnv = process.env): string {
  const match = /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/i.exec(url.hostname);
  const region = match?.[1]?.toLowerCase() ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (region) return region;
  throw new ApiClientError(
    `${url.host} is not an execute-api host name, so its region is unknown: set AWS_REGION to the stack's region, e.g. AWS_REGION=eu-west-1`,
  );
}

/** RFC 3986 encoding, the one SigV4 canonicalises with, so the URL sent is the URL signed. */
function encode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

class ApiConnection {
  readonly #base: URL;
  readonly #signer: SignatureV4;
  readonly #timeoutMs: number;
  #active = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(baseUrl: string, options: ApiClientOptions) {
    if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
      throw new ApiClientError(
        `${JSON.stringify(baseUrl)} is not an http(s) URL: give the stack's ApiUrl output, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com`,
      );
    }
    this.#base = new URL(baseUrl);
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#signer = new SignatureV4({
      service: "execute-api",
      region: options.region ?? apiRegion(this.#base),
      credentials: options.credentials ?? defaultProvider(),
      sha256: Sha256,
    });
  }

  /** Every item of a listing, following cursors until the last page. */
  async all<T>(path: string, query: Query = {}): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: ApiPage<T> = await this.page<T>(path, {
        limit: MAX_LIMIT,
        ...query,
        cursor: cursor ?? undefined,
      });
      items.push(...page.items);
      if (page.cursor !== null && seen.has(page.cursor)) {
        throw new ApiClientError(
          `${path} handed out the same cursor twice: the API is not Toll Watch's, or has a bug`,
        );
      }
      if (page.cursor !== null) seen.add(page.cursor);
      cursor = page.cursor;
    } while (cursor !== null);
    return items;
  }

  async page<T>(path: string, query: Query = {}): Promise<ApiPage<T>> {
    await this.#slot();
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.#get<T>(path, query);
        } catch (err) {
          const status = err instanceof ApiClientError ? err.status : null;
          if (attempt >= RETRIES || (status !== 429 && status !== 503)) throw err;
          await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt * (0.5 + Math.random())));
        }
      }
    } finally {
      // The slot passes straight to the next waiter, so no newcomer can slip in between.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active--;
    }
  }

  async #slot(): Promise<void> {
    // The API is throttled (10 requests/s by default); a history of many tallies must not burst past it.
    if (this.#active < IN_FLIGHT) this.#active++;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  async #get<T>(path: string, query: Query): Promise<ApiPage<T>> {
    const base = this.#base;
    const fullPath = `${base.pathname.replace(/\/$/, "")}${path}`;
    const params = Object.entries(query)
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const url = `${base.origin}${fullPath}${params.length ? `?${params.map(([k, v]) => `${encode(k)}=${encode(v)}`).join("&")}` : ""}`;
    let signed: { headers: Record<string, string> };
    try {
      signed = await this.#signer.sign({
        method: "GET",
        protocol: base.protocol,
        hostname: base.hostname,
        ...(base.port ? { port: Number(base.port) } : {}),
        path: fullPath,
        query: Object.fromEntries(params),
        headers: { host: base.host, accept: "application/json" },
      });
    } catch (cause) {
      throw new ApiClientError(
        `no AWS credentials to sign the request with (${(cause as Error).message}): set AWS_PROFILE (after \`aws sso login\` if it uses SSO), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
        null,
        { cause },
      );
    }
    // fetch sets Host itself, from the same URL.
    const { host: _host, ...headers } = signed.headers;
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.timeout(this.#timeoutMs) });
    } catch (cause) {
      const reason = (cause as { cause?: { code?: string } }).cause?.code ?? (cause as Error).name;
      throw new ApiClientError(
        `could not reach ${base.origin} (${reason}): check the API URL (the stack's ApiUrl output) and the network`,
        null,
        { cause },
      );
    }
    return readPage<T>(response, path);
  }
}

async function readPage<T>(response: Response, path: string): Promise<ApiPage<T>> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const type = response.headers.get("content-type") ?? "no content type";
    throw new ApiClientError(
      `${path} answered ${response.status} with something that is not JSON (${type}): check that the URL is the Toll Watch API's (the stack's ApiUrl output)`,
      response.status,
    );
  }
  const said = (body as { error?: unknown; message?: unknown; Message?: unknown }) ?? {};
  const detail = String(said.error ?? said.message ?? said.Message ?? "")
    .replace(/\s+/g, " ")
    .trim();
  if (response.status === 403) {
    throw new ApiClientError(
      `${path}: the API refused the request (403${detail ? `: ${detail}` : ""}): the AWS credentials in use must be valid and allowed "execute-api:Invoke" on this API (e.g. Resource "arn:aws:execute-api:<region>:<account>:<api-id>/*")`,
      403,
    );
  }
  if (!response.ok) {
    const hint =
      response.status === 429 || response.status >= 500
        ? "try again in a moment; if it persists, read the API function's logs"
        : "this client asked for something the API does not serve; please report it";
    throw new ApiClientError(
      `${path}: the API answered ${response.status} (${detail || "no detail"}): ${hint}`,
      response.status,
    );
  }
  const page = body as { items?: unknown; cursor?: unknown };
  if (!Array.isArray(page?.items) || !(page.cursor === null || typeof page.cursor === "string")) {
    throw new ApiClientError(
      `${path} answered JSON that is not a page of {items, cursor}: check the API URL`,
      response.status,
    );
  }
  return { items: page.items as T[], cursor: page.cursor };
}

/** Every item of `path` (all pages), from the API at `baseUrl`. */
export async function fetchFromApi<T>(
  baseUrl: string,
  path: string,
  query: Query = {},
  options: ApiClientOptions = {},
): Promise<T[]> {
  return new ApiConnection(baseUrl, options).all<T>(path, query);
}

const keyText = (key: TallyKey) => JSON.stringify([key.watch, key.party, key.population, key.category]);

/**
 * What `tollwatch history` prints, read from the API instead of a table: the tallies are listed once
 * (GET /tallies) and only those matching the filter are read in full (GET /tallies/{id}/versions).
 * Versions come newest first, filtered and ordered exactly as from a local store.
 */
export async function historyFromApi(
  baseUrl: string,
  filter: HistoryFilter = {},
  options: ApiClientOptions = {},
): Promise<TallyVersion[]> {
  const api = new ApiConnection(baseUrl, options);
  const ids = new Map<string, string>();
  const store: HistoryStore = {
    async allTallies() {
      const tallies = await api.all<TallyVersion & { id: string }>("/tallies", {
        watch: filter.watch ?? undefined,
      });
      return tallies.map(({ id, ...newest }) => {
        ids.set(keyText(newest.key), id);
        return newest;
      });
    },
    async versions(key, options = {}) {
      const id = ids.get(keyText(key));
      if (id === undefined) throw new ApiClientError(`no tally ${keyText(key)} was listed by GET /tallies`);
      const limit = String(options.limit ?? MAX_LIMIT);
      return api.page<TallyVersion>(`/tallies/${id}/versions`, {
        limit,
        cursor: options.cursor ?? undefined,
      });
    },
    revisionsSince(isoTime, options = {}) {
      const limit = String(options.limit ?? MAX_LIMIT);
      return api.page<TallyVersion>("/revisions", {
        since: isoTime,
        limit,
        cursor: options.cursor ?? undefined,
      });
    },
    async observations() {
      throw new ApiClientError("the query API does not serve observations");
    },
  };
  return history(store, filter);
}
