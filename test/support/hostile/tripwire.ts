/**
 * A tripwire for the SSRF cases: while armed, a socket asked to connect to an IP address outside the
 * loopback range is failed before any packet leaves, and the attempt is recorded. The guard under test
 * must refuse those addresses itself; this only makes sure that a guard bug shows up as a recorded
 * attempt (and a failing test) instead of traffic to the metadata service or the office network.
 * Names are safe without it: every client in the suite resolves through a fake DNS that answers only
 * loopback addresses.
 */
import { isIP, Socket } from "node:net";

export interface Tripwire {
  /** Non-loopback addresses a socket tried to reach, in order. */
  readonly attempts: string[];
  disarm(): void;
}

function isLoopback(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "").toLowerCase();
  if (isIP(bare) === 4) return bare.startsWith("127.");
  return bare === "::1" || /^::ffff:127\./.test(bare);
}

/** Where a call to Socket#connect is going: net.connect passes its normalised [options, callback]. */
function targetOf(args: unknown[]): string | null {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first !== null && typeof first === "object") {
    const { host, path } = first as { host?: unknown; path?: unknown };
    if (typeof path === "string") return null; // a Unix socket
    return typeof host === "string" ? host : "localhost";
  }
  return typeof args[1] === "string" ? args[1] : "localhost";
}

export function armTripwire(): Tripwire {
  const attempts: string[] = [];
  const original = Socket.prototype.connect;
  const patched = function (this: Socket, ...args: unknown[]): Socket {
    const host = targetOf(args);
    if (host !== null && isIP(host.replace(/^\[|\]$/g, "")) !== 0 && !isLoopback(host)) {
      attempts.push(host);
      const refusal = Object.assign(new Error(`tripwire: refused a connection to ${host}`), {
        code: "ETRIPWIRE",
      });
      process.nextTick(() => this.destroy(refusal));
      return this;
    }
    return (original as (...a: unknown[]) => Socket).apply(this, args);
  };
  Socket.prototype.connect = patched as typeof Socket.prototype.connect;
  return {
    attempts,
    disarm: () => {
      Socket.prototype.connect = original;
    },
  };
}
