import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { BlockList, isIP } from "node:net";
import { BlockedUrlError } from "./errors.ts";

/**
 * The connect-time refusal. The lookup knows only the host name, not the URL nor the redirects that led
 * to it, so this is not yet a BlockedUrlError: the HTTP client turns it into one that names them.
 */
export class AddressRefusedError extends Error {
  readonly code = "ETOLLWATCHBLOCKED";
  constructor(
    readonly hostname: string,
    readonly addresses: readonly string[],
  ) {
    super(
      `refused, ${hostname} resolves to ${addresses.join(", ") || "nothing"}, not a public address ` +
        "(loopback, private or link-local); add it to the address allow-list only for local testing",
    );
    this.name = "AddressRefusedError";
  }
}

/**
 * The SSRF guard for URLs that come from feeds. A feed is written by someone else; its article links
 * must not make Toll Watch read the cloud metadata service, a database on localhost or the office
 * network. The scheme and literal addresses are checked before a request; names are checked when the
 * socket connects (the lookup below), so a name that resolves to a public address at check time and to
 * a private one at connect time (DNS rebinding) is still refused.
 */

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, including 169.254.169.254 (cloud metadata)
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved and broadcast
] as const) {
  blocked.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7], // unique-local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
  ["2001:db8::", 32], // documentation
] as const) {
  blocked.addSubnet(net, prefix, "ipv6");
}

/** IPv4 addresses that IPv6 forms carry inside them (mapped, NAT64), so they cannot smuggle 127.0.0.1. */
function embeddedIPv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1]) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] && hex[2]) {
    const hi = Number.parseInt(hex[1], 16);
    const lo = Number.parseInt(hex[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return null;
}

/** Whether an IP address is on the public internet (not loopback, private, link-local, unique-local...). */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !blocked.check(address, "ipv4");
  if (family === 6) {
    const v4 = embeddedIPv4(address);
    if (v4) return isPublicAddress(v4);
    return !blocked.check(address, "ipv6");
  }
  return false;
}

export interface AddressPolicy {
  /**
   * Hosts or addresses that may be reached although they are not public: exact host names
   * ("localhost"), addresses ("127.0.0.1", "::1") or CIDR ranges ("10.1.0.0/16"). For local testing.
   */
  allow?: readonly string[];
}

export class AddressGuard {
  readonly #hosts = new Set<string>();
  readonly #ranges = new BlockList();

  constructor(policy: AddressPolicy = {}) {
    for (const entry of policy.allow ?? []) {
      const [base, prefix] = entry.split("/");
      const family = base ? isIP(base) : 0;
      if (family && prefix !== undefined) {
        this.#ranges.addSubnet(base as string, Number(prefix), family === 4 ? "ipv4" : "ipv6");
      } else if (family) {
        this.#ranges.addAddress(base as string, family === 4 ? "ipv4" : "ipv6");
      } else {
        this.#hosts.add(entry.toLowerCase());
      }
    }
  }

  allowsAddress(address: string): boolean {
    if (isPublicAddress(address)) return true;
    const family = isIP(address);
    return family !== 0 && this.#ranges.check(address, family === 4 ? "ipv4" : "ipv6");
  }

  allowsHost(hostname: string): boolean {
    return this.#hosts.has(hostname.toLowerCase());
  }

  /** Checks what can be checked before connecting: the scheme and a literal address in the URL. */
  assertUrl(url: URL): void {
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new BlockedUrlError(
        `${url.href}: refused, only http and https links are followed (got ${url.protocol})`,
        url.href,
      );
    }
    if (url.username || url.password) {
      throw new BlockedUrlError(`${url.href}: refused, links with credentials are not followed`, url.href);
    }
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (this.allowsHost(host)) return;
    if (isIP(host) && !this.allowsAddress(host)) {
      throw new BlockedUrlError(
        `${url.href}: refused, ${host} is not a public address (loopback, private or link-local); ` +
          "add it to the address allow-list only for local testing",
        url.href,
      );
    }
    // Some resolvers map these names to loopback without asking DNS; refuse them up front. A trailing
    // dot only makes the name absolute: "localhost." is the same host.
    if (/^(?:.*\.)?localhost\.?$/i.test(host)) {
      throw new BlockedUrlError(`${url.href}: refused, ${host} is a loopback name`, url.href);
    }
  }

  /**
   * A `lookup` for net.connect that refuses names resolving to non-public addresses. Used at connect
   * time, so every connection (every redirect hop, every retry) is checked against a fresh answer.
   */
  lookup(resolve: typeof dnsLookup = dnsLookup): typeof dnsLookup {
    const guard = this;
    function guarded(hostname: string, options: unknown, callback?: unknown): void {
      const cb = (typeof options === "function" ? options : callback) as (
        err: NodeJS.ErrnoException | null,
        address: string | LookupAddress[],
        family?: number,
      ) => void;
      const opts: LookupOptions =
        typeof options === "object" && options !== null ? (options as LookupOptions) : {};
      resolve(hostname, { ...opts, all: true }, (err, addresses) => {
        if (err) return cb(err, []);
        const list = addresses as LookupAddress[];
        const allowed = guard.allowsHost(hostname)
          ? list
          : list.filter((a) => guard.allowsAddress(a.address));
        const found = list.map((a) => a.address);
        if (allowed.length === 0) return cb(new AddressRefusedError(hostname, found), []);
        if (opts.all) return cb(null, allowed);
        const first = allowed[0] as LookupAddress;
        cb(null, first.address, first.family);
      });
    }
    return guarded as typeof dnsLookup;
  }
}
