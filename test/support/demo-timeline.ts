/**
 * The demo's scripted timeline as a yardstick for the reliability tests: what the store must hold at the
 * end (every expected version of every tally, once) and how to read what it holds, whatever faults the
 * run went through on the way.
 */
import { expect } from "vitest";
import { EXPECTED_ALERTS } from "../../lib/demo/expected.ts";
import type { DemoServer } from "../../lib/demo/server.ts";
import { HttpClient, type HttpPolicy } from "../../lib/ingest/http.ts";
import type { TallyVersion } from "../../lib/model/tally.ts";
import type { FeedSpec } from "../../lib/monitor/feeds.ts";
import { history } from "../../lib/monitor/history.ts";
import type { HistoryStore } from "../../lib/store/ports.ts";

/**
 * The monitor's HTTP policy less the per-host pause (one second between two requests to a host: the
 * demo's site is one host serving dozens of pages a cycle) and less the retries' waits.
 */
export function fastHttpClient(policy: Partial<HttpPolicy> = {}): HttpClient {
  return new HttpClient({
    perHostDelayMs: 0,
    allowPrivateHosts: ["127.0.0.1"],
    retry: { retries: 0, baseDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 },
    ...policy,
  });
}

export function demoFeedSpecs(server: DemoServer): FeedSpec[] {
  return server.feeds.map((f) => ({
    id: f.url,
    url: f.url,
    name: f.outlet.name,
    everyMs: null,
    keywords: [],
  }));
}

/** "Azerbaijan/military/killed/v2": one version of one tally of the demo's single watch. */
export function versionLabel(version: Pick<TallyVersion, "key" | "version">): string {
  const { party, population, category } = version.key;
  return `${party}/${population}/${category}/v${version.version}`;
}

/** Each tally's values in version order, as the timeline must leave them: "Armenia/military/killed" -> [...]. */
export function expectedChains(): Record<string, number[]> {
  const chains: Record<string, number[]> = {};
  for (const alert of EXPECTED_ALERTS) {
    const key = `${alert.party}/${alert.population}/${alert.category}`;
    chains[key] = [...(chains[key] ?? []), alert.to];
  }
  return chains;
}

/** The label of every version the timeline commits: 20, one alert each. */
export function expectedLabels(): string[] {
  return Object.entries(expectedChains()).flatMap(([key, values]) =>
    values.map((_, i) => `${key}/v${i + 1}`),
  );
}

export interface StoredChain {
  versions: number[];
  values: number[];
  alertStates: string[];
}

/** What the store holds, tally by tally, oldest version first. */
export async function storedChains(store: HistoryStore): Promise<Record<string, StoredChain>> {
  const chains: Record<string, StoredChain> = {};
  const versions = (await history(store, {})).sort((a, b) => a.version - b.version);
  for (const v of versions) {
    const key = `${v.key.party}/${v.key.population}/${v.key.category}`;
    const chain = chains[key] ?? { versions: [], values: [], alertStates: [] };
    chains[key] = chain;
    chain.versions.push(v.version);
    chain.values.push(v.value);
    chain.alertStates.push(v.alertState);
  }
  return chains;
}

/** How often each label occurs, and how many occurrences were beyond the first. */
export function tallyLabels(labels: readonly string[]): { counts: Map<string, number>; duplicates: number } {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return { counts, duplicates: labels.length - counts.size };
}

/** A small seeded generator (mulberry32), so that a failing run can be replayed from its printed seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The store holds every expected version of every tally once: no gap, no duplicate, the values in order. */
export async function expectTimelineIntact(store: HistoryStore): Promise<void> {
  const stored = await storedChains(store);
  const expected = expectedChains();
  expect(Object.keys(stored).sort()).toEqual(Object.keys(expected).sort());
  for (const [key, values] of Object.entries(expected)) {
    expect(stored[key]?.values, key).toEqual(values);
    expect(stored[key]?.versions, key).toEqual(values.map((_, i) => i + 1));
  }
}
