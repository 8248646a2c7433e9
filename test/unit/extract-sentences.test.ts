import { describe, expect, it } from "vitest";
import { splitSentences } from "../../lib/extract/sentences.ts";

function texts(input: string): string[] {
  return splitSentences(input).map((s) => s.text);
}

describe("splitSentences", () => {
  it.each<[string, string, string[]]>([
    [
      "plain sentences",
      "The army retreated. The town fell. Nobody knew why.",
      ["The army retreated.", "The town fell.", "Nobody knew why."],
    ],
    [
      "question and exclamation",
      "Who counted them? Nobody did! Officials stayed quiet.",
      ["Who counted them?", "Nobody did!", "Officials stayed quiet."],
    ],
    [
      "titles before names",
      "Gen. Ivanova met Mr. Petrosyan and Dr. Aliyev. They talked.",
      ["Gen. Ivanova met Mr. Petrosyan and Dr. Aliyev.", "They talked."],
    ],
    [
      "ranks",
      "Lt. Col. Hasanov and Maj. Sgt. Capt. Orlova spoke. Prof. Lee agreed.",
      ["Lt. Col. Hasanov and Maj. Sgt. Capt. Orlova spoke.", "Prof. Lee agreed."],
    ],
    [
      "months and numbers",
      "It ended on Nov. 10 after No. 4 brigade left. Then Dec. 3 came.",
      ["It ended on Nov. 10 after No. 4 brigade left.", "Then Dec. 3 came."],
    ],
    [
      "U.S. before a name",
      "The U.S. State Department and the U.N. Security Council met. Both declined.",
      ["The U.S. State Department and the U.N. Security Council met.", "Both declined."],
    ],
    [
      "U.S. ending a sentence",
      "Troops trained in the U.S. The exercise ended in May.",
      ["Troops trained in the U.S.", "The exercise ended in May."],
    ],
    [
      "U.S. before lowercase",
      "Several U.S. officials said so. Others disagreed.",
      ["Several U.S. officials said so.", "Others disagreed."],
    ],
    [
      "clock times",
      "Shelling began at 6 a.m. local time and stopped at 9 p.m. The night was calm.",
      ["Shelling began at 6 a.m. local time and stopped at 9 p.m.", "The night was calm."],
    ],
    [
      "Latin abbreviations",
      "Supplies, e.g. Fuel and bread, ran short, i.e. Nothing was left. Aid came.",
      ["Supplies, e.g. Fuel and bread, ran short, i.e. Nothing was left.", "Aid came."],
    ],
    [
      "etc. before lowercase",
      "Tents, blankets, etc. were sent. More followed.",
      ["Tents, blankets, etc. were sent.", "More followed."],
    ],
    [
      "decimals",
      "Losses rose 2.5 percent to 1,204.7 tonnes. Prices held.",
      ["Losses rose 2.5 percent to 1,204.7 tonnes.", "Prices held."],
    ],
    [
      "initials",
      "The report by J. R. Hovhannisyan was late. It came out later.",
      ["The report by J. R. Hovhannisyan was late.", "It came out later."],
    ],
    [
      "closing quotes stay with the sentence",
      "He said: “We lost 40 men.” The ministry did not comment.",
      ["He said: “We lost 40 men.”", "The ministry did not comment."],
    ],
    [
      "straight quotes",
      'She wrote "the toll is final." Later it changed.',
      ['She wrote "the toll is final."', "Later it changed."],
    ],
    [
      "quoted question followed by attribution",
      "“Where are our sons?” asked a mother. Nobody answered.",
      ["“Where are our sons?” asked a mother.", "Nobody answered."],
    ],
    [
      "bracketed sentence",
      "The count rose (officials confirmed it.) Another list followed.",
      ["The count rose (officials confirmed it.)", "Another list followed."],
    ],
    [
      "ellipsis",
      "The line went dead... Then a second call came.",
      ["The line went dead...", "Then a second call came."],
    ],
    [
      "headline line without a full stop",
      "Dozens hurt as shells hit market\nShells struck a busy market on Sunday.",
      ["Dozens hurt as shells hit market", "Shells struck a busy market on Sunday."],
    ],
    [
      "caption and credit lines",
      "A rescuer carries a child from the rubble.\nReuters\nThe quake struck at dawn.",
      ["A rescuer carries a child from the rubble.", "Reuters", "The quake struck at dawn."],
    ],
    [
      "hard-wrapped line continuing in lowercase",
      "The ministry said that eleven soldiers\nwere wounded overnight. Two died.",
      ["The ministry said that eleven soldiers\nwere wounded overnight.", "Two died."],
    ],
    [
      "hard-wrapped line ending in a function word",
      "Troops of the\nArmenian army withdrew. The road opened.",
      ["Troops of the\nArmenian army withdrew.", "The road opened."],
    ],
    [
      "section label with a colon",
      "READ MORE:\nTalks resume in Geneva",
      ["READ MORE:", "Talks resume in Geneva"],
    ],
    [
      "list numbering",
      "1. The first convoy left.\n2. The second stayed.",
      ["1. The first convoy left.", "2. The second stayed."],
    ],
    [
      "surrounding and inner whitespace",
      "   \n  The first.   The second.  \n\n  ",
      ["The first.", "The second."],
    ],
    [
      "Windows line endings",
      "Title line\r\n\r\nBody text here. More text.\r\n",
      ["Title line", "Body text here.", "More text."],
    ],
    ["empty text", "", []],
    ["only whitespace", " \n\n \t ", []],
  ])("%s", (_name, input, expected) => {
    // Prepare / Act
    const sentences = texts(input);
    // Assess
    expect(sentences).toEqual(expected);
  });

  it("numbers paragraphs by blank lines, lines within one paragraph sharing a number", () => {
    // Prepare
    const input = "Headline here\n\nFirst body sentence. Second one.\nA caption line\n\n\n\nLast paragraph.";
    // Act
    const sentences = splitSentences(input).map((s) => [s.paragraph, s.text]);
    // Assess
    expect(sentences).toEqual([
      [0, "Headline here"],
      [1, "First body sentence."],
      [1, "Second one."],
      [1, "A caption line"],
      [2, "Last paragraph."],
    ]);
  });

  it.each([
    "Short.",
    "A headline\n\nBody one. Body two?\nCaption\n\n“Quoted.” Then more... and less.",
    "  leading space. trailing space.  \r\n\r\n  Indented paragraph with U.S. troops and 2.5 tonnes.  ",
    "Tabs\there.\tAnd there.\u00a0Non-breaking spaces.",
  ])("returns trimmed spans that slice back to the text: %j", (input) => {
    // Prepare / Act
    const sentences = splitSentences(input);
    // Assess
    expect(sentences.length).toBeGreaterThan(0);
    for (const s of sentences) {
      expect(input.slice(s.start, s.end)).toBe(s.text);
      expect(s.text).toBe(s.text.trim());
      expect(s.text.length).toBeGreaterThan(0);
    }
    const starts = sentences.map((s) => s.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });
});
