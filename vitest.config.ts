import { defineConfig } from "vitest/config";

// Four kinds of tests, run together by `npm test` and separately by `npm run test:<kind>`:
// unit (pure, no network), integration (real local servers), corpus (../shared, skipped visibly when absent),
// infra (CDK assertions and cdk-nag on the synthesized stack, Lambda bundle sizes).
export default defineConfig({
  test: {
    reporters: ["default", "./test/support/summary-reporter.ts"],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      { test: { name: "integration", include: ["test/integration/**/*.test.ts"], testTimeout: 30_000 } },
      { test: { name: "corpus", include: ["test/corpus/**/*.test.ts"], testTimeout: 120_000 } },
      { test: { name: "infra", include: ["test/infra/**/*.test.ts"], testTimeout: 120_000 } },
    ],
  },
});
