import { Validations } from "aws-cdk-lib";
import { Annotations, Match } from "aws-cdk-lib/assertions";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Topic } from "aws-cdk-lib/aws-sns";
import { AwsSolutionsChecks } from "cdk-nag";
import { beforeAll, describe, expect, it } from "vitest";
import { actionsOf, buildStack, type Synthesized } from "./stack-fixture.ts";

const WRITES = /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem|ConditionCheckItem)$/;
const LOGS = ["logs:CreateLogStream", "logs:PutLogEvents"];

describe("least privilege", () => {
  let synth: Synthesized;
  beforeAll(async () => {
    synth = await buildStack();
  });

  it("lets the planner only send to the queue (and write its logs): no table, no topic", () => {
    const actions = actionsOf(synth, "Planner");
    expect(actions.sort()).toEqual([...LOGS, "sqs:SendMessage"].sort());
  });

  it("lets the query API read the table and nothing else", () => {
    const actions = actionsOf(synth, "Query");
    expect(actions.filter((a) => WRITES.test(a))).toEqual([]);
    expect(actions).toEqual(expect.arrayContaining(["dynamodb:GetItem", "dynamodb:Query"]));
    expect(actions.filter((a) => !a.startsWith("dynamodb:") && !LOGS.includes(a))).toEqual([]);
  });

  it("lets the poller and the sweep write the table, publish and use the topic key", () => {
    for (const part of ["Poller", "Sweep"]) {
      const actions = actionsOf(synth, part);
      expect(actions).toEqual(
        expect.arrayContaining([
          "dynamodb:UpdateItem",
          "dynamodb:Query",
          "sns:Publish",
          "kms:GenerateDataKey",
          "kms:Decrypt",
        ]),
      );
    }
  });

  it("gives each role exactly the table calls its code makes: no Scan, no BatchGet, no DescribeTable", () => {
    const tableActions = (part: string) => actionsOf(synth, part).filter((a) => a.startsWith("dynamodb:"));
    expect(tableActions("Poller").sort()).toEqual(
      ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"].sort(),
    );
    // The sweep re-reads a pending version and marks it sent; it never puts an item.
    expect(tableActions("Sweep").sort()).toEqual(
      ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem"].sort(),
    );
    expect(tableActions("Query").sort()).toEqual(["dynamodb:GetItem", "dynamodb:Query"].sort());
  });

  it("lets no role delete from the table", () => {
    for (const part of ["Planner", "Poller", "Sweep", "Query"]) {
      const actions = actionsOf(synth, part);
      expect(actions.filter((a) => /DeleteItem|BatchWriteItem|dynamodb:\*/.test(a))).toEqual([]);
    }
  });

  it("grants table access on the table and its named indexes only, never index/*", () => {
    const json = JSON.stringify(synth.template.toJSON());
    expect(json).not.toContain("/index/*");
    expect(json).toContain("/index/GSI1");
  });
});

describe("cdk-nag AwsSolutions", () => {
  it("finds nothing unacknowledged in the stack", async () => {
    const synth = await buildStack({
      alertEmails: "a@example.org",
      alertPhones: "+37491234567",
      alertFilters: { "a@example.org": { category: ["killed"] } },
      opsEmail: "ops@example.org",
    });
    const report = new AwsSolutionsChecks(synth.app).validateScope(synth.stack);
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`)).toEqual(
      [],
    );
    expect(report.success).toBe(true);
    // As bin/app.ts registers it: an unacknowledged finding would make this synth throw.
    Validations.of(synth.app).addPlugins(new AwsSolutionsChecks(synth.app));
    expect(() => synth.app.synth()).not.toThrow();
    expect(
      Annotations.fromStack(synth.stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*")),
    ).toEqual([]);
    expect(
      Annotations.fromStack(synth.stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")),
    ).toEqual([]);
  });

  it("does report findings in the same setup, so the empty report above means something", async () => {
    const synth = await buildStack();
    new Topic(synth.stack, "PlainText");
    // Wildcards on a function that carries an acknowledgement (L1): it must not hide them.
    synth.stack.pipeline.planner.function.addToRolePolicy(
      new PolicyStatement({ actions: ["dynamodb:*"], resources: ["*"] }),
    );
    const report = new AwsSolutionsChecks(synth.app).validateScope(synth.stack);
    expect(report.violations.map((v) => v.ruleName)).toEqual(
      expect.arrayContaining([
        "AwsSolutions-SNS3",
        "AwsSolutions-IAM5[Action::dynamodb:*]",
        "AwsSolutions-IAM5[Resource::*]",
      ]),
    );
  });

  it("carries a reason with every acknowledged finding", async () => {
    const synth = await buildStack();
    const acknowledged = synth.stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledged) {
      expect(id).toMatch(/AwsSolutions-(L1|IAM5\[Resource::<\w+\.Arn>:\*\])$/);
      expect(reason.length, id).toBeGreaterThan(60);
    }
  });
});
