import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Category } from "../../lib/model/figure.ts";
import type { TallyVersion } from "../../lib/model/tally.ts";
import { renderChart } from "../../lib/report/chart.ts";
import { chromiumPath, skipWithoutChromium } from "../support/chromium.ts";
import { startServer, type TestServer } from "../support/http-server.ts";

const ROOT = join(import.meta.dirname, "../..");
const HOSTILE = "</script><script>alert(1)</script>";

interface Statement {
  value: number;
  statedOn: string;
  outlet: string;
  quote: string;
}

/** A tally as Toll Watch would have stored it: opened by the first statement, revised by each next one. */
function tally(party: string, category: Category, claimant: string, statements: Statement[]): TallyVersion[] {
  return statements.map((statement, i) => ({
    key: { watch: "karabakh-2020", party, population: "military", category },
    version: i + 1,
    kind: i === 0 ? "open" : "revise",
    value: statement.value,
    qualifier: "exact",
    claimant,
    statedOn: statement.statedOn,
    observedAt: `${statement.statedOn}T09:15:00.000Z`,
    previousValue: i === 0 ? null : (statements[i - 1]?.value ?? null),
    evidence: [
      {
        doc: `https://${statement.outlet.toLowerCase().replace(/\W+/g, "-")}.example.org/${statement.statedOn}`,
        outlet: statement.outlet,
        quote: statement.quote,
        observedAt: `${statement.statedOn}T09:15:00.000Z`,
      },
    ],
    corroborations: i % 2,
    alertState: "sent",
  }));
}

const AZ_KILLED = tally("Azerbaijan", "killed", "Azerbaijan Ministry of Defence", [
  {
    value: 2783,
    statedOn: "2020-12-03",
    outlet: "Caspian Wire",
    quote: "Baku put its military dead at 2,783.",
  },
  {
    value: 2823,
    statedOn: "2020-12-10",
    outlet: "Caspian Wire",
    quote: "The count of fallen soldiers rose to 2,823.",
  },
  {
    value: 2841,
    statedOn: "2020-12-29",
    outlet: "Caucasus Daily",
    quote: "The ministry now lists 2,841 servicemen killed.",
  },
  {
    value: 2855,
    statedOn: "2021-01-18",
    outlet: "Caucasus Daily",
    quote: "Baku says 2,855 of its troops died.",
  },
  {
    value: 2881,
    statedOn: "2021-03-02",
    outlet: "Caspian Wire",
    quote: "An updated list names 2,881 dead soldiers.",
  },
]);
const AM_KILLED = tally("Armenia", "killed", "Armenian Ministry of Health", [
  {
    value: 2317,
    statedOn: "2020-11-14",
    outlet: "Yerevan Report",
    quote: "Health officials count 2,317 soldiers' bodies.",
  },
  {
    value: 2425,
    statedOn: "2020-11-18",
    outlet: "Yerevan Report",
    quote: `The figure is now 2,425. ${HOSTILE}`,
  },
  {
    value: 2718,
    statedOn: "2020-12-03",
    outlet: "Highland News",
    quote: "Forensic teams raised the toll to 2,718.",
  },
  { value: 2996, statedOn: "2020-12-11", outlet: "Highland News", quote: "The military toll reached 2,996." },
  {
    value: 3330,
    statedOn: "2021-01-01",
    outlet: "Yerevan Report",
    quote: "The ministry reported 3,330 military deaths.",
  },
]);
const AZ_MISSING = tally("Azerbaijan", "missing", "Azerbaijan Ministry of Defence", [
  {
    value: 100,
    statedOn: "2020-12-03",
    outlet: "Caspian Wire",
    quote: "About one hundred soldiers, 100 in all, are missing.",
  },
  {
    value: 50,
    statedOn: "2021-01-18",
    outlet: "Caucasus Daily",
    quote: "Half of them were found; 50 remain missing.",
  },
  {
    value: 28,
    statedOn: "2021-03-02",
    outlet: "Caucasus Daily",
    quote: "Only 28 servicemen are still unaccounted for.",
  },
]);
const PANELS = [
  { hook: "karabakh-2020/Armenia/military/killed", versions: AM_KILLED },
  { hook: "karabakh-2020/Azerbaijan/military/killed", versions: AZ_KILLED },
  { hook: "karabakh-2020/Azerbaijan/military/missing", versions: AZ_MISSING },
];

const skip = skipWithoutChromium("chart browser test");

describe.skipIf(skip)("the history chart in Chromium", { timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const errors: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    const html = renderChart([...AZ_MISSING, ...AZ_KILLED, ...AM_KILLED].reverse(), {
      generatedAt: "2021-03-05T12:00:00Z",
      watchTitles: new Map([["karabakh-2020", "Second Karabakh war (2020)"]]),
    });
    server = await startServer({
      "/": (_req, res) => {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
      },
    });
    browser = await chromium.launch({
      executablePath: chromiumPath() ?? undefined,
      headless: true,
      args: ["--no-sandbox"],
    });
    page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
    page.on("request", (request) => requests.push(request.url()));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${server.url}/`, { waitUntil: "load" });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows one panel per tally, each with a visible step line and a marker per version", async () => {
    expect(await page.locator("section.tally").count()).toBe(PANELS.length);
    for (const { hook, versions } of PANELS) {
      const panel = page.locator(`section.tally[data-tally="${hook}"]`);
      const line = panel.locator("path.step-line");
      expect(await line.getAttribute("d")).toMatch(/^M.+H.+V.+/);
      const box = await line.boundingBox();
      expect(box?.width).toBeGreaterThan(100);
      expect(box?.height).toBeGreaterThan(10);
      expect(await panel.locator("circle.marker").count()).toBe(versions.length);
    }
  });

  it("places the markers left to right in date order", async () => {
    for (const { hook, versions } of PANELS) {
      const markers = page.locator(`section.tally[data-tally="${hook}"] circle.marker`);
      const seen: Array<{ version: number; x: number }> = [];
      for (const marker of await markers.all()) {
        const box = await marker.boundingBox();
        seen.push({
          version: Number(await marker.getAttribute("data-version")),
          x: (box?.x ?? 0) + (box?.width ?? 0) / 2,
        });
      }
      const byDate = [...versions].sort((a, b) => (a.statedOn ?? "").localeCompare(b.statedOn ?? ""));
      expect(seen.map((m) => m.version)).toEqual(byDate.map((v) => v.version));
      for (let i = 1; i < seen.length; i++) expect(seen[i]?.x).toBeGreaterThan(seen[i - 1]?.x ?? 0);
    }
  });

  it("shows a tooltip with the statement's details on hover, and keeps a <title> for no-script readers", async () => {
    const marker = page.locator(
      'section.tally[data-tally$="Azerbaijan/military/killed"] circle.marker[data-version="4"]',
    );
    expect(await marker.locator("title").textContent()).toContain("Baku says 2,855 of its troops died.");
    await marker.hover();
    const tip = page.locator("#tip");
    expect(await tip.isVisible()).toBe(true);
    const text = (await tip.textContent()) ?? "";
    for (const part of [
      "2,855",
      "+14 from 2,841",
      "Azerbaijan Ministry of Defence",
      "18 January 2021",
      "Caucasus Daily",
    ]) {
      expect(text).toContain(part);
    }
    expect(await tip.locator("a").getAttribute("href")).toBe("https://caucasus-daily.example.org/2021-01-18");
    mkdirSync(join(ROOT, "test-artifacts"), { recursive: true });
    // The panels with one tooltip open: what the README shows. The table below is left out for size.
    const last = await page.locator("section.tally").last().boundingBox();
    const clip = { x: 0, y: 0, width: 1000, height: Math.ceil((last?.y ?? 0) + (last?.height ?? 0) + 10) };
    await page.screenshot({ path: join(ROOT, "test-artifacts/chart.png"), clip });
    if (process.env.UPDATE_SCREENSHOT === "1") {
      mkdirSync(join(ROOT, "docs"), { recursive: true });
      await page.screenshot({ path: join(ROOT, "docs/chart.png"), clip });
    }
    await page.mouse.move(0, 0);
    await page.locator("#tip").waitFor({ state: "hidden" });
  });

  it("reaches the markers from the keyboard; Enter goes to the version's row", async () => {
    await page.keyboard.press("Tab");
    const focused = page.locator(":focus");
    expect(await focused.getAttribute("class")).toBe("marker");
    expect(await focused.getAttribute("data-version")).toBe("1");
    expect(await page.locator("#tip").isVisible()).toBe(true);
    expect(await page.locator("#tip").textContent()).toContain("Armenian Ministry of Health");
    await page.keyboard.press("Enter");
    expect(new URL(page.url()).hash).toMatch(/^#row-/);
    const row = page.locator("tr:target");
    expect(await row.getAttribute("data-tally")).toBe("karabakh-2020/Armenia/military/killed");
    expect(await row.getAttribute("data-version")).toBe("1");
  });

  it("renders the hostile quote as text, runs no injected script and fetches nothing but the page", async () => {
    expect(await page.locator("table.history").textContent()).toContain(HOSTILE);
    expect(await page.locator("script").count()).toBe(1);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(requests).toEqual([`${server.url}/`]);
    await page.screenshot({ path: join(ROOT, "test-artifacts/chart-full.png"), fullPage: true });
  });
});
