import { describe, expect, it } from "vitest";
import { AddressGuard, isPublicAddress } from "../../lib/ingest/address-guard.ts";
import { BlockedUrlError } from "../../lib/ingest/errors.ts";

describe("isPublicAddress", () => {
  it.each([
    ["8.8.8.8", true],
    ["93.184.216.34", true],
    ["2606:4700:4700::1111", true],
    ["127.0.0.1", false],
    ["127.8.9.10", false],
    ["10.0.0.1", false],
    ["172.16.5.4", false],
    ["172.32.0.1", true],
    ["192.168.0.10", false],
    ["169.254.169.254", false],
    ["100.64.0.1", false],
    ["0.0.0.0", false],
    ["224.0.0.1", false],
    ["255.255.255.255", false],
    ["::1", false],
    ["::", false],
    ["fe80::1", false],
    ["fd12:3456::1", false],
    ["::ffff:127.0.0.1", false],
    ["::ffff:7f00:1", false],
    ["::ffff:8.8.8.8", true],
    ["64:ff9b::a9fe:a9fe", false],
    ["not-an-ip", false],
  ])("%s -> %s", (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe("AddressGuard.assertUrl", () => {
  const guard = new AddressGuard({ allow: ["127.0.0.1", "10.1.0.0/16", "wire.local"] });

  it.each([
    "https://news.example.org/story",
    "http://127.0.0.1:8080/feed",
    "http://10.1.2.3/feed",
    "http://wire.local/x",
  ])("lets %s through", (url) => {
    expect(() => guard.assertUrl(new URL(url))).not.toThrow();
  });

  it.each([
    ["javascript:alert(1)", /only http and https/],
    ["data:text/html,hi", /only http and https/],
    ["http://user:pw@news.example.org/", /credentials/],
    ["http://10.2.0.1/", /not a public address/],
    ["http://[::1]/", /not a public address/],
    ["http://app.localhost/", /loopback name/],
  ])("refuses %s", (url, message) => {
    expect(() => guard.assertUrl(new URL(url))).toThrow(BlockedUrlError);
    expect(() => guard.assertUrl(new URL(url))).toThrow(message);
  });
});
