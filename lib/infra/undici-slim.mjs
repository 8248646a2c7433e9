// What lib/ingest/http.ts takes from undici (Agent, request), without the rest of the package (fetch,
// WebSocket, caches, mocks: 0.5 MB). The Lambda bundles alias "undici" to this file; the CLI and the
// tests use the package itself. Paths, not the package name, because the alias covers "undici/..." too.
// request() below is undici's own top-level request() for the (url, {dispatcher}) form the client uses.

import api from "../../node_modules/undici/lib/api/index.js";
import Agent from "../../node_modules/undici/lib/dispatcher/agent.js";
import Dispatcher from "../../node_modules/undici/lib/dispatcher/dispatcher.js";

// undici's index.js mixes the request API into every dispatcher the same way.
Object.assign(Dispatcher.prototype, api);

export { Agent };

export function request(url, opts) {
  const target = url instanceof URL ? url : new URL(url);
  const { dispatcher, ...rest } = opts;
  return dispatcher.request({
    ...rest,
    origin: target.origin,
    path: target.search ? `${target.pathname}${target.search}` : target.pathname,
    method: rest.method || "GET",
  });
}
