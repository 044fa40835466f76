import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { CONFIG_ENV } from "../src/config-file.js";
import { FlowLensPipeline, type FlowLensPipelineProps } from "../src/flowlens-pipeline.js";
import { knownVpc, testStack } from "./test-stack.js";

function synth(extra: Partial<FlowLensPipelineProps> = {}) {
  const stack = testStack();
  const pipeline = new FlowLensPipeline(stack, "FlowLens", { vpc: knownVpc(stack), ...extra });
  return { stack, pipeline, template: Template.fromStack(stack) };
}

describe("FlowLensPipeline", () => {
  it("points the daily job at the bucket and prefix its flow logs go to", () => {
    const { stack, pipeline, template } = synth({ flowLogs: { prefix: "logs/vpc" } });
    const task = Object.values(template.findResources("AWS::ECS::TaskDefinition"))[0];
    const containers = (task?.Properties.ContainerDefinitions ?? []) as {
      Name: string;
      Environment?: { Name: string; Value: unknown }[];
    }[];
    const config = containers
      .find((c) => c.Name === "config")
      ?.Environment?.find((e) => e.Name === CONFIG_ENV);
    expect(JSON.stringify(config?.Value)).toContain(
      JSON.stringify(stack.resolve(pipeline.flowLogs.bucket.bucketName)).slice(1, -1),
    );
    expect(JSON.stringify(config?.Value)).toContain("/logs/vpc/");
    template.resourceCountIs("AWS::EC2::FlowLog", 1);
    template.resourceCountIs("AWS::EC2::VPCEndpoint", 1);
    template.resourceCountIs("AWS::Scheduler::Schedule", 1);
  });

  it("leaves the gateway endpoints out when told the VPC has them", () => {
    synth({ gatewayEndpoints: false }).template.resourceCountIs("AWS::EC2::VPCEndpoint", 0);
  });

  it("refuses flow logs that expire before the days the job can catch up", () => {
    expect(() =>
      synth({
        flowLogs: { infrequentAccessAfterDays: 30, expireAfterDays: 45 },
        dailyJob: { catchUpDays: 60, logRetention: 90 },
      }),
    ).toThrow(
      'FlowLensPipeline "Test/FlowLens": flowLogs.expireAfterDays: expected more days than dailyJob.catchUpDays + 1 (61), so the days a run can catch up are still in the bucket, got 45',
    );
  });
});
