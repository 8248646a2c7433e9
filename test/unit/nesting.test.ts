import { load } from "cheerio/slim";
import { describe, expect, it } from "vitest";
import { limitNesting, MAX_NESTING } from "../../lib/ingest/nesting.ts";

interface Node {
  type: string;
  name?: string;
  data?: string;
  children?: Node[];
}

/** The deepest element of the parsed markup and all of its text, read without recursion. */
function shape(markup: string, xml: boolean): { depth: number; text: string } {
  const root = load(markup, xml ? { xml: true } : null).root()[0] as unknown as Node;
  let depth = 0;
  const text: string[] = [];
  const stack: Array<[Node, number]> = [[root, 0]];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const [node, d] = entry;
    if (node.type === "text") text.push(node.data ?? "");
    if (node.type === "tag" || node.type === "script" || node.type === "style") depth = Math.max(depth, d);
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i] as Node, d + 1]);
  }
  return { depth, text: text.join("") };
}

describe("limitNesting", () => {
  it("returns ordinary markup untouched", () => {
    const page = `<!doctype html><html><head><title>T</title></head><body>${"<div><p>a<b>b</b></p></div>".repeat(600)}</body></html>`;
    expect(limitNesting(page)).toEqual({ markup: page, dropped: 0 });
  });

  it("flattens 100,000 nested elements to the bound and keeps the text", () => {
    const deep = `<body>${"<div>".repeat(100_000)}<p>story</p>${"</div>".repeat(100_000)}<p>after</p></body>`;
    const limited = limitNesting(deep);
    expect(limited.dropped).toBeGreaterThan(99_000);
    const parsed = shape(limited.markup, false);
    expect(parsed.depth).toBeLessThanOrEqual(MAX_NESTING + 1);
    expect(parsed.text).toBe("storyafter");
  });

  it("never reads raw text as markup", () => {
    const deep = `${"<b>".repeat(MAX_NESTING + 5)}<script>var s = "${"<div>".repeat(1_000)}";</script>x`;
    const parsed = shape(limitNesting(deep).markup, false);
    expect(parsed.depth).toBeLessThanOrEqual(MAX_NESTING + 1);
    expect(parsed.text).toContain("<div><div>");
  });

  it("flattens XML by its own rules", () => {
    const feed = `<rss><channel><item><description>${"<x>".repeat(10_000)}text</description></item></channel></rss>`;
    const limited = limitNesting(feed, { xml: true });
    const parsed = shape(limited.markup, true);
    expect(parsed.depth).toBeLessThanOrEqual(MAX_NESTING + 1);
    expect(parsed.text).toBe("text");
  });

  // The bound is only as good as the scan's agreement with the parser, so random tag soup (quotes,
  // comments, raw text, implied end tags, SVG self-closing, stray "<" and "&") is held to three rules:
  // the parse of the output is no deeper than the bound, reads the same text, and shallow input is untouched.
  it("agrees with the parser on random tag soup", () => {
    const names = ["div", "p", "b", "li", "td", "tr", "table", "svg", "desc", "title", "script", "textarea"];
    const more = ["br", "hr", "input", "select", "option", "X", "DIV", "a:b", "math", "mi", "dd", "body"];
    const attrs = ["", " a=1", ' a=">"', " a='/>'", " a", ' a="x"b', " a=b/", " /", ' a="&amp">', ' "x'];
    const loose = ["t", "&lt;", "&amp", "&", "<", "< x>", "<3", ">", "<!-- c -->", "<!-->", "<!>", "<!->"];
    const odd = ["<![CDATA[<div>]]>", "<![CDAT>", "<?pi>", "</>", "</3>", "</ div>", "<x/>", "<svg/>"];
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) >>> 0;
      return seed / 2 ** 32;
    };
    const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
    const tagNames = [...names, ...more];
    for (let run = 0; run < 1_500; run++) {
      const xml = random() < 0.3;
      const maxDepth = 1 + Math.floor(random() * 5);
      let soup = "";
      for (let k = 0, n = 5 + Math.floor(random() * 80); k < n; k++) {
        const r = random();
        if (r < 0.4) soup += `<${pick(tagNames)}${pick(attrs)}${random() < 0.15 ? "/" : ""}>`;
        else if (r < 0.65) soup += `</${pick(tagNames)}>`;
        else soup += pick(random() < 0.7 ? loose : odd);
      }
      const limited = limitNesting(soup, { xml, maxDepth });
      const before = shape(soup, xml);
      const after = shape(limited.markup, xml);
      const context = JSON.stringify({ soup, xml, maxDepth });
      expect(after.depth, context).toBeLessThanOrEqual(maxDepth + 1);
      expect(after.text, context).toBe(before.text);
      if (before.depth <= maxDepth) expect(limited.dropped, context).toBe(0);
    }
  });
});
