/**
 * The example app: cdk-nag's AwsSolutions pack over its stacks (the demo VPC one, and one with the
 * streaming endpoint and an imported Slack secret), and an offline synth through the cdk CLI.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { App, Validations } from "aws-cdk-lib";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Stack } from "aws-cdk-lib/core";
import { AwsSolutionsChecks } from "cdk-nag";
import { describe, expect, it } from "vitest";
import { sharedTempDir, tempDir } from "../../test/helpers/temp-dir.js";
import { FlowLensExampleStack } from "../examples/flowlens-example-stack.js";

const INFRA = resolve(import.meta.dirname, "..");
const BIN = resolve(INFRA, "../node_modules/.bin");

interface Violation {
  readonly ruleName: string;
  readonly violatingConstructs: { readonly constructPath: string }[];
}

/** Both example stacks and a probe stack with one planted finding (so the pack is seen to run), checked. */
function nagged() {
  const outdir = sharedTempDir("flowlens-cdk-nag-");
  const app = new App({ outdir });
  new FlowLensExampleStack(app, "Demo");
  new FlowLensExampleStack(app, "Streaming", {
    slackSecretName: "flowlens/slack",
    certificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/0a1b2c3d",
    domainName: "flowlens.example.com",
  });
  const probe = new Stack(app, "Probe");
  new s3.Bucket(probe, "PlantedBucket", { enforceSSL: false });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  try {
    app.synth();
  } catch {
    // The planted finding fails the synth; the report says what it found.
  }
  const report = JSON.parse(readFileSync(join(outdir, "validation-report.json"), "utf8")) as {
    pluginReports: { pluginName: string; violations: Violation[] }[];
  };
  const found = report.pluginReports
    .filter((p) => p.pluginName === "AwsSolutions")
    .flatMap((p) => p.violations)
    .flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} ${c.constructPath}`));
  return { app, found };
}

const { app, found } = nagged();

describe("the example app", () => {
  it("has no AwsSolutions finding it does not acknowledge", () => {
    expect(found.filter((f) => !f.includes(" Probe/"))).toEqual([]);
    expect(found).toContain("AwsSolutions-S10 Probe/PlantedBucket/Resource");
  });

  it("gives a written reason for every acknowledged finding", () => {
    const acknowledged = app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === "aws:cdk:acknowledged-rules"))
      .flatMap((m) => Object.entries(m.data as Record<string, unknown>));
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(acknowledged.filter(([, reason]) => typeof reason !== "string" || reason.length < 20)).toEqual([]);
  });

  it("synthesises offline through the cdk CLI, with no AWS credentials", async () => {
    const out = tempDir("flowlens-cdk-synth-");
    const env: NodeJS.ProcessEnv = {
      PATH: `${BIN}:${process.env.PATH}`,
      HOME: out,
      AWS_EC2_METADATA_DISABLED: "true",
    };
    await promisify(execFile)(
      join(BIN, "cdk"),
      [
        "synth",
        "--app",
        `${join(BIN, "tsx")} examples/app.ts`,
        "-o",
        out,
        "-q",
        "--no-notices",
        "--no-version-reporting",
      ],
      { cwd: INFRA, env, timeout: 120_000 },
    );
    expect(existsSync(join(out, "FlowLens.template.json"))).toBe(true);
    const template = JSON.parse(readFileSync(join(out, "FlowLens.template.json"), "utf8")) as {
      Resources: Record<string, { Type: string }>;
    };
    const types = new Set(Object.values(template.Resources).map((r) => r.Type));
    for (const type of [
      "AWS::EC2::FlowLog",
      "AWS::EC2::VPCEndpoint",
      "AWS::Scheduler::Schedule",
      "AWS::EFS::FileSystem",
    ]) {
      expect(types).toContain(type);
    }
  });
});
