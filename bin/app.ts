#!/usr/bin/env -S node --import tsx
// The CDK app (`npx cdk synth|deploy`). Context and config are validated first; a problem is one line on
// stderr and exit code 2, like the CLI, so `cdk synth` fails with the message that says what to fix.

// The SDK's Node version notice would otherwise print on every synth (lib/store/table.ts loads the SDK).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const { App, Validations } = await import("aws-cdk-lib");
const { AwsSolutionsChecks } = await import("cdk-nag");
const { ConfigError } = await import("../lib/config.ts");
const { ContextError, readStackInputs } = await import("../lib/infra/context.ts");
const { TollWatchStack } = await import("../lib/infra/stack.ts");

const app = new App();
try {
  new TollWatchStack(app, "TollWatch", await readStackInputs(app.node));
} catch (err) {
  if (!(err instanceof ConfigError || err instanceof ContextError)) throw err;
  console.error(err.message);
  process.exit(2);
}
// Findings fail the synth; acknowledged ones are written into the template metadata as an audit trail.
Validations.of(app).addPlugins(
  new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }),
);
app.synth();
