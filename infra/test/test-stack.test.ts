import { existsSync, readdirSync } from "node:fs";
import type { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import * as sns from "aws-cdk-lib/aws-sns";
import { describe, expect, it } from "vitest";
import { removeSharedTempDirs } from "../../test/helpers/temp-dir.js";
import { testStack } from "./test-stack.js";

describe("testStack", () => {
  it("synthesizes into a directory that the file's cleanup removes", () => {
    const stack = testStack();
    new sns.Topic(stack, "Topic");
    Template.fromStack(stack);
    const outdir = (stack.node.root as App).outdir;
    expect(readdirSync(outdir)).toContain("manifest.json");
    removeSharedTempDirs();
    expect(existsSync(outdir)).toBe(false);
  });
});
