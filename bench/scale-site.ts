/**
 * The synthetic news world of the scale benchmarks: many outlets, each one host (its own port on
 * loopback), each with an RSS feed of the newest `items` articles and a page per article. One item in
 * ten reports a disaster toll; the rest are the ordinary news a world desk also carries, with the
 * numbers that are not tolls (money, percentages, years, distances). Every `teaserEvery`-th outlet
 * publishes only a one-sentence summary in its feed, so the monitor must fetch the page; the others
 * carry the full text in content:encoded. Feeds and pages answer If-None-Match with 304.
 * All wording is written for this benchmark.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface SiteOptions {
  feeds: number;
  items: number;
  /** Every n-th outlet is a teaser feed (0: none). */
  teaserEvery: number;
  /** Publication time of the newest item of the first cycle. */
  start: Date;
}

export interface SiteCounts {
  feedOk: number;
  feedNotModified: number;
  pageOk: number;
  pageNotModified: number;
  other: number;
  bytes: number;
}

export interface SiteFeed {
  url: string;
  name: string;
  teaser: boolean;
}

interface Event {
  country: string;
  kind: string;
  place: string;
  agency: string;
  base: number;
}

// Disasters in real countries (so the gazetteer knows the party); the figures are invented.
const EVENTS: Event[] = [
  {
    country: "Chile",
    kind: "wildfires",
    place: "the Valparaiso hills",
    agency: "Chile's interior ministry",
    base: 40,
  },
  {
    country: "Peru",
    kind: "landslides",
    place: "the southern highlands",
    agency: "Peru's civil defence institute",
    base: 25,
  },
  {
    country: "Nepal",
    kind: "monsoon floods",
    place: "the western districts",
    agency: "Nepal's home ministry",
    base: 60,
  },
  {
    country: "Indonesia",
    kind: "earthquake",
    place: "central Sulawesi",
    agency: "Indonesia's disaster agency",
    base: 150,
  },
  {
    country: "Philippines",
    kind: "typhoon",
    place: "the Visayas",
    agency: "the Philippine disaster council",
    base: 80,
  },
  {
    country: "Morocco",
    kind: "earthquake",
    place: "the High Atlas",
    agency: "Morocco's interior ministry",
    base: 300,
  },
  {
    country: "Mozambique",
    kind: "cyclone",
    place: "Sofala province",
    agency: "Mozambique's disaster institute",
    base: 35,
  },
  {
    country: "Bangladesh",
    kind: "floods",
    place: "the Sylhet division",
    agency: "Bangladesh's disaster ministry",
    base: 45,
  },
  {
    country: "Ecuador",
    kind: "mudslide",
    place: "the Andean town of Alausi",
    agency: "Ecuador's risk secretariat",
    base: 20,
  },
  {
    country: "Kenya",
    kind: "flash floods",
    place: "the Rift Valley",
    agency: "Kenya's interior ministry",
    base: 55,
  },
  {
    country: "Italy",
    kind: "floods",
    place: "Emilia-Romagna",
    agency: "Italy's civil protection department",
    base: 12,
  },
  {
    country: "Sudan",
    kind: "floods",
    place: "Blue Nile state",
    agency: "Sudan's civil defence council",
    base: 70,
  },
];

const TOPICS: Array<(v: (n: number) => number, place: string) => string[]> = [
  (v, place) => [
    `Central bank in ${place} holds its main rate at ${v(5)}.${v(9)} percent`,
    `The central bank in ${place} left its benchmark rate unchanged at ${v(5)}.${v(9)} percent on the day, saying that prices were rising more slowly than a year ago.`,
    `Inflation eased to ${v(8)}.${v(9)} percent in the latest month, the statistics office reported, after peaking above ${10 + v(5)} percent in ${2019 + v(4)}.`,
    `Economists surveyed beforehand had expected the decision; ${v(30) + 10} of the ${v(10) + 45} forecasters polled had predicted no change.`,
    `The currency gained ${v(3)}.${v(9)} percent against the dollar in early trading, and government bond yields fell for a third day.`,
    "The governor told reporters that the board would look again at the rate in six weeks, once the harvest and energy prices were clearer.",
  ],
  (v, place) => [
    `New rail line of ${v(200) + 40} kilometres opens in ${place}`,
    `A rail line of ${v(200) + 40} kilometres linking the capital with the coast opened in ${place} after ${v(6) + 3} years of construction.`,
    `The project cost ${v(900) + 100} million dollars, roughly ${v(20) + 5} percent more than first budgeted, according to the transport ministry.`,
    `Trains will run every ${v(20) + 10} minutes at peak hours and cut the journey from ${v(3) + 4} hours to under two.`,
    `Operators expect about ${v(40) + 10},000 passengers a day by ${2027 + v(3)}, when a second track is due to be finished.`,
    "Residents along the route had campaigned for noise barriers, and the ministry said most of them were now in place.",
  ],
  (v, place) => [
    `${place} side wins the cup final ${v(3) + 1}-${v(2)} after extra time`,
    `The home side won the cup final in ${place} by ${v(3) + 1} goals to ${v(2)} after extra time, in front of ${v(40) + 20},000 spectators.`,
    `Their captain, ${v(10) + 24}, scored twice and was named player of the match for the ${v(4) + 2}th time this season.`,
    `The club last lifted the trophy in ${1980 + v(40)} and has now won it ${v(8) + 3} times in all.`,
    `Ticket prices had been capped at ${v(30) + 15} dollars, and the federation said about ${v(5) + 2} million viewers watched at home.`,
    "The coach said the squad would take a week off before preparing for the continental qualifiers in the autumn.",
  ],
  (v, place) => [
    `Museum in ${place} reopens after restoration`,
    `The national museum in ${place} reopened its doors after ${v(5) + 2} years of restoration that cost ${v(60) + 20} million dollars.`,
    `About ${v(3) + 1},${v(900) + 100} works are on show, including ${v(300) + 50} that had been kept in storage since the ${1960 + v(30)}s.`,
    `Curators said ${v(40) + 30} percent of the building's floor space had been given over to rooms for schools and research.`,
    `Entry will be free on the first Sunday of each month, and the museum expects ${v(700) + 300},000 visitors in its first year.`,
    "Architects kept the original facade but replaced the roof with glass panels that let daylight into the main hall.",
  ],
  (v, place) => [
    `Heat record broken in ${place} as temperatures reach ${v(6) + 40} degrees`,
    `Temperatures in ${place} climbed to ${v(6) + 40}.${v(9)} degrees Celsius, breaking a record set in ${1990 + v(30)}, the weather service said.`,
    `Power demand reached ${v(10) + 30},${v(900) + 100} megawatts at mid-afternoon as households ran air conditioners, the grid operator reported.`,
    `Forecasters expect the heat to last ${v(4) + 3} more days before a cooler front arrives from the north-west, bringing rain to ${v(60) + 20} percent of the region.`,
    `Schools shortened their hours, and ${v(80) + 20} public buildings were opened as cool rooms for older residents.`,
    "Farmers' groups said the dry spell had come at the worst moment for the wheat crop, which was weeks from harvest.",
  ],
  (v, place) => [
    `Parliament in ${place} passes a budget of ${v(90) + 10} billion`,
    `Lawmakers in ${place} approved a budget of ${v(90) + 10} billion for next year by ${v(60) + 150} votes to ${v(80) + 40}.`,
    `Spending on health rises by ${v(9) + 2} percent and on schools by ${v(6) + 1} percent, while defence stays flat at ${v(2) + 1}.${v(9)} percent of output.`,
    `The deficit is projected to narrow to ${v(3) + 1}.${v(9)} percent, the finance minister said, down from ${v(3) + 4}.${v(9)} percent in ${2020 + v(4)}.`,
    `Opposition parties said the plan relied on growth of ${v(3) + 2} percent that few independent forecasters expected.`,
    "The upper house has thirty days to review the bill and may propose amendments but cannot block it.",
  ],
];

const PLACES = [
  "Lisbon",
  "Warsaw",
  "Nairobi",
  "Lima",
  "Hanoi",
  "Oslo",
  "Accra",
  "Quito",
  "Tbilisi",
  "Manila",
];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** A deterministic pseudo-random source for one item: the same item reads the same on every fetch. */
function picker(feed: number, serial: number): (n: number) => number {
  let state = (feed * 2_654_435_761 + serial * 40_503 + 17) >>> 0;
  return (n: number) => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return state % Math.max(1, n);
  };
}

const group = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ",");

export interface SiteArticle {
  title: string;
  paragraphs: string[];
  published: Date;
  figures: boolean;
}

export class ScaleSite {
  readonly counts: SiteCounts = {
    feedOk: 0,
    feedNotModified: 0,
    pageOk: 0,
    pageNotModified: 0,
    other: 0,
    bytes: 0,
  };
  readonly feeds: SiteFeed[] = [];
  /** Per outlet: how many items it has published; the feed lists the newest `items` of them. */
  readonly #heads: number[];
  readonly #servers: Server[] = [];

  constructor(readonly options: SiteOptions) {
    this.#heads = Array.from({ length: options.feeds }, () => options.items);
  }

  /** True when item `serial` of outlet `feed` reports a toll: one item in ten, spread over the outlets. */
  static statesFigures(feed: number, serial: number): boolean {
    return (feed * 7 + serial) % 10 === 0;
  }

  isTeaser(feed: number): boolean {
    return this.options.teaserEvery > 0 && feed % this.options.teaserEvery === 0;
  }

  /** The first cycle's items every 20 minutes up to `start`; later ones 4 minutes apart after it. */
  published(serial: number): Date {
    const { start, items } = this.options;
    const offset = serial < items ? (serial - items + 1) * 20 : (serial - items + 1) * 4;
    return new Date(start.getTime() + offset * 60_000);
  }

  article(feed: number, serial: number): SiteArticle {
    const v = picker(feed, serial);
    const published = this.published(serial);
    if (ScaleSite.statesFigures(feed, serial)) {
      const event = EVENTS[(feed * 5 + Math.floor(serial / 10)) % EVENTS.length] as Event;
      const killed = event.base + serial * 3 + (feed % 5);
      const injured = killed * 3 + v(40);
      const missing = 5 + v(30);
      const day = WEEKDAYS[published.getUTCDay()] as string;
      return {
        title: `${event.country}: ${event.kind} toll rises to ${group(killed)}`,
        published,
        figures: true,
        paragraphs: [
          `${event.agency} said on ${day} that ${group(killed)} people had been killed by the ${event.kind} in ${event.place}, raising the figure it had given the day before.`,
          `Another ${group(injured)} people were being treated for injuries, and ${missing} residents were still missing, officials added.`,
          `Roads into the worst-hit valleys stayed closed, and relief convoys carrying ${v(400) + 100} tonnes of food and tents waited for the ground to dry.`,
          `The government released an emergency fund of ${v(90) + 10} million dollars and said ${v(20) + 5} helicopters had joined the search.`,
          "Officials warned that the count could still rise as rescue teams reached villages that had been cut off since the weekend.",
        ],
      };
    }
    const topic = TOPICS[(feed * 3 + serial) % TOPICS.length] ?? TOPICS[0];
    const [title, ...paragraphs] = (topic as (typeof TOPICS)[number])(v, PLACES[v(PLACES.length)] as string);
    // Keeps every full-text body above the 600 characters under which the monitor fetches the page.
    paragraphs.push(
      `This report was put together by the world desk of Outlet ${feed} from its correspondents and agency copy, and it will be updated as more becomes known.`,
    );
    return { title: title as string, paragraphs, published, figures: false };
  }

  /** Outlet `feed` publishes `count` new items; its feed drops as many of the oldest. */
  publish(feed: number, count: number): void {
    this.#heads[feed] = (this.#heads[feed] ?? this.options.items) + count;
  }

  feedXml(feed: number): string {
    const head = this.#heads[feed] ?? this.options.items;
    const base = this.feeds[feed]?.url.replace(/\/feed\.xml$/, "") ?? "";
    const teaser = this.isTeaser(feed);
    const items: string[] = [];
    for (let serial = head - 1; serial >= Math.max(0, head - this.options.items); serial--) {
      const a = this.article(feed, serial);
      const body = teaser
        ? ""
        : `<content:encoded><![CDATA[${a.paragraphs.map((p) => `<p>${p}</p>`).join("")}]]></content:encoded>`;
      items.push(
        `<item><title>${escapeXml(a.title)}</title><link>${base}/a/${serial}</link><guid isPermaLink="false">o${feed}-${serial}</guid>` +
          `<pubDate>${a.published.toUTCString()}</pubDate><description>${escapeXml(a.paragraphs[0] ?? "")}</description>${body}</item>`,
      );
    }
    return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Outlet ${feed}</title><link>${base}/</link><description>World news from outlet ${feed}</description>\n${items.join("\n")}\n</channel></rss>`;
  }

  pageHtml(feed: number, serial: number): string {
    const a = this.article(feed, serial);
    const nav = ["World", "Business", "Sport", "Culture", "Science", "Weather", "Opinion", "Video"]
      .map((s) => `<li><a href="/${s.toLowerCase()}">${s}</a></li>`)
      .join("");
    const related = [1, 2, 3, 4]
      .map(
        (d) =>
          `<li><a href="/a/${Math.max(0, serial - d)}">${escapeXml(this.article(feed, Math.max(0, serial - d)).title)}</a></li>`,
      )
      .join("");
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeXml(a.title)} | Outlet ${feed}</title>
<meta property="og:site_name" content="Outlet ${feed}"><meta property="article:published_time" content="${a.published.toISOString()}"></head>
<body><header><a href="/">Outlet ${feed}</a><nav><ul>${nav}</ul></nav></header>
<main><article><h1>${escapeXml(a.title)}</h1><p class="byline">By the world desk</p><time datetime="${a.published.toISOString()}">${a.published.toUTCString()}</time>
${a.paragraphs.map((p) => `<p>${escapeXml(p)}</p>`).join("\n")}</article>
<aside><h2>Related</h2><ul>${related}</ul></aside></main>
<footer><p>Outlet ${feed} is an imaginary newspaper made for a benchmark.</p><p><a href="/about">About</a> <a href="/privacy">Privacy</a></p></footer></body></html>`;
  }

  async listen(): Promise<void> {
    for (let feed = 0; feed < this.options.feeds; feed++) {
      const server = createServer((req, res) => this.#answer(feed, req, res));
      server.keepAliveTimeout = 30_000;
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as AddressInfo;
      this.#servers.push(server);
      this.feeds.push({
        url: `http://127.0.0.1:${port}/feed.xml`,
        name: `Outlet ${feed}`,
        teaser: this.isTeaser(feed),
      });
    }
  }

  async close(): Promise<void> {
    await Promise.all(
      this.#servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      ),
    );
  }

  #answer(feed: number, req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const page = /^\/a\/(\d+)$/.exec(path);
    const head = this.#heads[feed] ?? this.options.items;
    // Validators that change exactly when the content does: the feed's newest item, the page's serial.
    if (path === "/feed.xml") {
      this.#send(
        req,
        res,
        `"f${feed}-${head}"`,
        "application/rss+xml; charset=utf-8",
        () => this.feedXml(feed),
        "feed",
      );
    } else if (page && Number(page[1]) < head) {
      const serial = Number(page[1]);
      this.#send(
        req,
        res,
        `"p${feed}-${serial}"`,
        "text/html; charset=utf-8",
        () => this.pageHtml(feed, serial),
        "page",
      );
    } else {
      this.counts.other++;
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  }

  #send(
    req: IncomingMessage,
    res: ServerResponse,
    etag: string,
    type: string,
    body: () => string,
    kind: "feed" | "page",
  ) {
    if (req.headers["if-none-match"] === etag) {
      this.counts[kind === "feed" ? "feedNotModified" : "pageNotModified"]++;
      res.writeHead(304, { etag }).end();
      return;
    }
    const bytes = Buffer.from(body());
    this.counts[kind === "feed" ? "feedOk" : "pageOk"]++;
    this.counts.bytes += bytes.length;
    res.writeHead(200, { "content-type": type, etag, "content-length": bytes.length }).end(bytes);
  }
}

function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
