import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { CATEGORIES, type Figure, POPULATIONS, QUALIFIERS, STATUSES } from "../model/figure.ts";
import type {
  AlertState,
  DecisionKind,
  Evidence,
  Observation,
  TallyKey,
  TallyVersion,
} from "../model/tally.ts";
import {
  BOOL,
  bool,
  type Item,
  ItemShapeError,
  L,
  list,
  M,
  map,
  N,
  num,
  oneOf,
  optN,
  optNum,
  optS,
  optStr,
  S,
  str,
} from "./attributes.ts";
import {
  ARTICLE_SK,
  articlePk,
  FEED_SK,
  feedPk,
  observationSk,
  tallyId,
  tallyPk,
  versionSk,
} from "./keys.ts";
import type { ArticleRecord, FeedState } from "./records.ts";
import { PENDING_PARTITION, TIME_PARTITION, TTL_ATTRIBUTE } from "./table.ts";

const DECISIONS: readonly DecisionKind[] = [
  "open",
  "revise",
  "corroborate",
  "consistent",
  "stale",
  "disputed",
];
const ALERT_STATES: readonly AlertState[] = ["pending", "sent", "suppressed"];
const VERSION_KINDS: readonly TallyVersion["kind"][] = ["open", "revise"];

/** Each item names its entity, so a Scan or an export can tell them apart without parsing keys. */
export type Entity = "version" | "observation" | "feed" | "article";

function keyAttributes(key: TallyKey): Item {
  return {
    watch: S(key.watch),
    party: S(key.party),
    population: S(key.population),
    category: S(key.category),
  };
}

function decodeKey(item: Item): TallyKey {
  return {
    watch: str(item, "watch"),
    party: str(item, "party"),
    population: oneOf(item, "population", POPULATIONS),
    category: oneOf(item, "category", CATEGORIES),
  };
}

function encodeEvidence(evidence: Evidence): AttributeValue {
  return M({
    doc: S(evidence.doc),
    outlet: optS(evidence.outlet),
    quote: S(evidence.quote),
    observedAt: S(evidence.observedAt),
  });
}

function decodeEvidence(value: AttributeValue): Evidence {
  if (value.M === undefined) throw new ItemShapeError("evidence is not a map");
  const item = value.M;
  return {
    doc: str(item, "doc"),
    outlet: optStr(item, "outlet"),
    quote: str(item, "quote"),
    observedAt: str(item, "observedAt"),
  };
}

/** The attributes that put a version in the sparse pending-alerts index; removed once it is sent. */
export function pendingIndexAttributes(version: TallyVersion): Item {
  return { GSI1PK: S(PENDING_PARTITION), GSI1SK: S(`${version.observedAt}#${tallyId(version.key)}`) };
}

export function encodeVersion(version: TallyVersion): Item {
  return {
    PK: S(tallyPk(version.key)),
    SK: S(versionSk(version.version)),
    entity: S("version" satisfies Entity),
    ...keyAttributes(version.key),
    version: N(version.version),
    kind: S(version.kind),
    value: N(version.value),
    qualifier: S(version.qualifier),
    claimant: optS(version.claimant),
    statedOn: optS(version.statedOn),
    observedAt: S(version.observedAt),
    previousValue: optN(version.previousValue),
    evidence: L(version.evidence.map(encodeEvidence)),
    corroborations: N(version.corroborations),
    alertState: S(version.alertState),
    ...(version.alertState === "pending" ? pendingIndexAttributes(version) : {}),
    GSI2PK: S(TIME_PARTITION),
    GSI2SK: S(`${version.observedAt}#${tallyId(version.key)}#${versionSk(version.version)}`),
  };
}

export function decodeVersion(item: Item): TallyVersion {
  return {
    key: decodeKey(item),
    version: num(item, "version"),
    kind: oneOf(item, "kind", VERSION_KINDS),
    value: num(item, "value"),
    qualifier: oneOf(item, "qualifier", QUALIFIERS),
    claimant: optStr(item, "claimant"),
    statedOn: optStr(item, "statedOn"),
    observedAt: str(item, "observedAt"),
    previousValue: optNum(item, "previousValue"),
    evidence: list(item, "evidence").map(decodeEvidence),
    corroborations: num(item, "corroborations"),
    alertState: oneOf(item, "alertState", ALERT_STATES),
  };
}

function encodeFigure(figure: Figure): AttributeValue {
  return M({
    party: optS(figure.party),
    population: S(figure.population),
    category: S(figure.category),
    value: N(figure.value),
    qualifier: S(figure.qualifier),
    status: S(figure.status),
    claimant: optS(figure.claimant),
    statedOn: optS(figure.statedOn),
    quote: S(figure.quote),
    span: L([N(figure.span[0]), N(figure.span[1])]),
    confidence: N(figure.confidence),
    disputed: BOOL(figure.disputed),
    increment: BOOL(figure.increment),
  });
}

function decodeFigure(item: Item): Figure {
  const span = list(item, "span").map((value) => Number(value.N));
  const [start, end] = span;
  if (span.length !== 2 || start === undefined || end === undefined || span.some(Number.isNaN)) {
    throw new ItemShapeError("figure span is not two numbers");
  }
  return {
    party: optStr(item, "party"),
    population: oneOf(item, "population", POPULATIONS),
    category: oneOf(item, "category", CATEGORIES),
    value: num(item, "value"),
    qualifier: oneOf(item, "qualifier", QUALIFIERS),
    status: oneOf(item, "status", STATUSES),
    claimant: optStr(item, "claimant"),
    statedOn: optStr(item, "statedOn"),
    quote: str(item, "quote"),
    span: [start, end],
    confidence: num(item, "confidence"),
    disputed: bool(item, "disputed"),
    increment: bool(item, "increment"),
  };
}

export function encodeObservation(observation: Observation): Item {
  return {
    PK: S(tallyPk(observation.key)),
    SK: S(observationSk(observation.figure.statedOn, observation.evidence.doc, observation.figure.span[0])),
    entity: S("observation" satisfies Entity),
    ...keyAttributes(observation.key),
    figure: encodeFigure(observation.figure),
    evidence: encodeEvidence(observation.evidence),
    decision: S(observation.decision),
    againstVersion: N(observation.againstVersion),
  };
}

export function decodeObservation(item: Item): Observation {
  const evidence = item.evidence;
  if (evidence === undefined) throw new ItemShapeError("missing attribute evidence");
  return {
    key: decodeKey(item),
    figure: decodeFigure(map(item, "figure")),
    evidence: decodeEvidence(evidence),
    decision: oneOf(item, "decision", DECISIONS),
    againstVersion: num(item, "againstVersion"),
  };
}

export function encodeFeedState(state: FeedState): Item {
  return {
    PK: S(feedPk(state.id)),
    SK: S(FEED_SK),
    entity: S("feed" satisfies Entity),
    id: S(state.id),
    etag: optS(state.etag),
    lastModified: optS(state.lastModified),
    checkedAt: optS(state.checkedAt),
    changedAt: optS(state.changedAt),
    readAt: optS(state.readAt ?? null),
    failures: N(state.failures),
    lastError: optS(state.lastError),
  };
}

export function decodeFeedState(item: Item): FeedState {
  return {
    id: str(item, "id"),
    etag: optStr(item, "etag"),
    lastModified: optStr(item, "lastModified"),
    checkedAt: optStr(item, "checkedAt"),
    changedAt: optStr(item, "changedAt"),
    readAt: optStr(item, "readAt"),
    failures: num(item, "failures"),
    lastError: optStr(item, "lastError"),
  };
}

export function encodeArticle(record: ArticleRecord): Item {
  return {
    PK: S(articlePk(record.url)),
    SK: S(ARTICLE_SK),
    entity: S("article" satisfies Entity),
    url: S(record.url),
    contentHash: S(record.contentHash),
    firstSeen: S(record.firstSeen),
    lastSeen: S(record.lastSeen),
    figureCount: N(record.figureCount),
    etag: optS(record.etag),
    lastModified: optS(record.lastModified),
    [TTL_ATTRIBUTE]: N(Math.floor(record.expiresAt)),
  };
}

export function decodeArticle(item: Item): ArticleRecord {
  return {
    url: str(item, "url"),
    contentHash: str(item, "contentHash"),
    firstSeen: str(item, "firstSeen"),
    lastSeen: str(item, "lastSeen"),
    figureCount: num(item, "figureCount"),
    etag: optStr(item, "etag"),
    lastModified: optStr(item, "lastModified"),
    expiresAt: num(item, TTL_ATTRIBUTE),
  };
}
