/** Builds the stack the way bin/app.ts does, from context and a config file, without bundling. */

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { readStackInputs } from "../../lib/infra/context.ts";
import { TollWatchStack } from "../../lib/infra/stack.ts";

export const FIXTURE_CONFIG = {
  watches: [{ id: "karabakh-2020", title: "Nagorno-Karabakh war 2020", phrases: ["Karabakh"] }],
};

/** Writes `config` to a temporary file, runs `use(path)`, then removes the file. */
export async function withConfigFile<T>(config: unknown, use: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "tollwatch-infra-"));
  try {
    const path = join(dir, "tollwatch.config.json");
    await writeFile(path, typeof config === "string" ? config : JSON.stringify(config));
    return await use(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface Synthesized {
  app: App;
  stack: TollWatchStack;
  template: Template;
}

/** The stack from `context` (over the fixture config); rejects as bin/app.ts would fail. */
export function buildStack(context: Record<string, unknown> = {}, config: unknown = FIXTURE_CONFIG) {
  return withConfigFile(config, async (path): Promise<Synthesized> => {
    // An empty bundling list: no esbuild runs, assets point at the source folder.
    const app = new App({ context: { "aws:cdk:bundling-stacks": [], config: path, ...context } });
    const stack = new TollWatchStack(app, "TollWatch", await readStackInputs(app.node));
    return { app, stack, template: Template.fromStack(stack) };
  });
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** The logical id of the Lambda function whose construct path contains `part` ("Planner", "Query"). */
export function functionId(synth: Synthesized, part: string): string {
  const fn = synth.stack.node
    .findAll()
    .find((c) => c.node.path.includes(`/${part}/`) && c.node.path.endsWith("/Function/Resource"));
  if (fn === undefined) throw new Error(`no function under ${part}`);
  return synth.stack.resolve((fn as unknown as { logicalId: string }).logicalId);
}

/** The CloudFormation properties of the function under `part` ("Planner", "Query"). */
export function functionProps(synth: Synthesized, part: string): Record<string, unknown> {
  const fn = (synth.template.toJSON().Resources as Resources)[functionId(synth, part)];
  if (fn?.Properties === undefined) throw new Error(`no function ${part} in the template`);
  return fn.Properties;
}

/** Every IAM action granted to the role of the function under `part`, from all policies on that role. */
export function actionsOf(synth: Synthesized, part: string): string[] {
  const role = (functionProps(synth, part).Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
  const actions: string[] = [];
  for (const resource of Object.values(synth.template.toJSON().Resources as Resources)) {
    if (resource.Type !== "AWS::IAM::Policy") continue;
    const roles = resource.Properties?.Roles as { Ref: string }[];
    if (!roles.some((r) => r.Ref === role)) continue;
    const doc = resource.Properties?.PolicyDocument as { Statement: { Action: string | string[] }[] };
    for (const statement of doc.Statement) actions.push(...[statement.Action].flat());
  }
  return actions;
}
