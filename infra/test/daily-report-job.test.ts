import { readFileSync } from "node:fs";
import { Template } from "aws-cdk-lib/assertions";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import type * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { describe, expect, it } from "vitest";
import { CONFIG_ENV } from "../src/config-file.js";
import { DailyReportJob, type DailyReportJobProps, INVENTORY_ACTIONS } from "../src/daily-report-job.js";
import { FLOWLENS_IMAGE_NAME, FLOWLENS_VERSION } from "../src/flowlens-image.js";
import { statementsOf } from "./policy-statements.js";
import { knownVpc, testStack } from "./test-stack.js";

const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:111111111111:secret:flowlens/slack-AbCdEf";

function synth(extra: Partial<DailyReportJobProps> = {}) {
  const stack = testStack();
  const vpc = knownVpc(stack);
  const job = new DailyReportJob(stack, "Job", {
    vpc,
    flowLogBucket: s3.Bucket.fromBucketName(stack, "FlowLogs", "my-flow-logs"),
    slackSecret: secretsmanager.Secret.fromSecretCompleteArn(stack, "Slack", SECRET_ARN),
    regions: ["us-east-1"],
    ...extra,
  });
  return { stack, vpc, job, template: Template.fromStack(stack) };
}

interface Container {
  readonly Name: string;
  readonly Command?: string[];
  readonly Environment?: { Name: string; Value: unknown }[];
  readonly DependsOn?: unknown[];
  readonly Image: string;
  readonly Essential: boolean;
}

function containers(template: Template): Container[] {
  const task = Object.values(template.findResources("AWS::ECS::TaskDefinition"))[0];
  return task?.Properties.ContainerDefinitions as Container[];
}

const { stack, job, template } = synth();
const named = (name: string) => containers(template).find((c) => c.Name === name);

describe("DailyReportJob", () => {
  it("runs flowlens daily with the config file and the Slack secret", () => {
    expect(named("daily")?.Command).toEqual([
      "--config",
      "/flowlens-config/flowlens.yaml",
      "daily",
      "--slack-secret",
      SECRET_ARN,
    ]);
  });

  it("writes the settings rendered from its props before flowlens starts", () => {
    const config = named("config");
    const settings = JSON.parse(config?.Environment?.find((e) => e.Name === CONFIG_ENV)?.Value as string);
    expect(settings).toEqual({
      db: "/data/flowlens.duckdb",
      memoryLimit: "3072MiB",
      daily: {
        sources: ["s3://my-flow-logs/vpc-flow-logs/"],
        regions: ["us-east-1"],
        reportDir: "/data/reports",
      },
      s3: { region: "us-east-1" },
    });
    expect(named("daily")?.DependsOn).toEqual([
      { ContainerName: "config", Condition: "SUCCESS" },
      { ContainerName: "inventory", Condition: "COMPLETE" },
    ]);
  });

  it("renders accounts, prices, insights and the channel into the settings", () => {
    const { template } = synth({
      accounts: ["222222222222"],
      prices: { "us-east-1": { natGatewayProcessing: 0.05 } },
      insights: { anomalies: { baseline_days: 14 } },
      slackChannel: "C0123456789",
    });
    const config = containers(template).find((c) => c.Name === "config");
    const settings = JSON.parse(config?.Environment?.[0]?.Value as string);
    expect([settings.daily.accounts, settings.prices, settings.insights, settings.slack]).toEqual([
      ["222222222222"],
      { "us-east-1": { natGatewayProcessing: 0.05 } },
      { anomalies: { baseline_days: 14 } },
      { channel: "C0123456789" },
    ]);
  });

  it("syncs the inventory of the regions given before the report", () => {
    expect(named("inventory")?.Command).toEqual([
      "--config",
      "/flowlens-config/flowlens.yaml",
      "inventory",
      "sync",
      "--regions",
      "us-east-1",
    ]);
    expect(named("inventory")?.Essential).toBe(false);
  });

  it("runs the flowlens image of this library's version by default", () => {
    const flowlens = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(FLOWLENS_IMAGE_NAME).toBe(`ghcr.io/flowlens/flowlens:${flowlens.version}`);
    expect(FLOWLENS_VERSION).toBe(flowlens.version);
    expect(new Set(containers(template).map((c) => c.Image))).toEqual(new Set([FLOWLENS_IMAGE_NAME]));
  });

  it("is scheduled at 06:00 UTC by default", () => {
    template.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "cron(0 6 * * ? *)",
      ScheduleExpressionTimezone: "UTC",
      Target: {
        EcsParameters: {
          LaunchType: "FARGATE",
          NetworkConfiguration: {
            AwsvpcConfiguration: {
              AssignPublicIp: "DISABLED",
              Subnets: ["subnet-0000000000000aaa2", "subnet-0000000000000bbb2"],
            },
          },
        },
      },
    });
  });

  it("is scheduled by the cron and time zone given", () => {
    const { template } = synth({ cron: "30 7 * * 1-5", timeZone: "Europe/Paris" });
    template.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "cron(30 7 ? * MON,TUE,WED,THU,FRI *)",
      ScheduleExpressionTimezone: "Europe/Paris",
    });
  });

  it("keeps the store on an encrypted file system behind an access point, mounted with TLS and IAM", () => {
    template.hasResourceProperties("AWS::EFS::FileSystem", { Encrypted: true });
    template.hasResourceProperties("AWS::EFS::AccessPoint", {
      PosixUser: { Uid: "1000", Gid: "1000" },
      RootDirectory: {
        Path: "/flowlens",
        CreationInfo: { OwnerUid: "1000", OwnerGid: "1000", Permissions: "750" },
      },
    });
    template.hasResourceProperties("AWS::ECS::TaskDefinition", {
      Volumes: [
        { Name: "flowlens-config" },
        {
          Name: "store",
          EFSVolumeConfiguration: {
            FilesystemId: stack.resolve(job.store.fileSystem.fileSystemId),
            TransitEncryption: "ENABLED",
            AuthorizationConfig: {
              AccessPointId: stack.resolve(job.store.accessPoint.accessPointId),
              IAM: "ENABLED",
            },
          },
        },
      ],
    });
  });

  it("keeps its logs for a month by default", () => {
    template.hasResourceProperties("AWS::Logs::LogGroup", { RetentionInDays: 30 });
  });

  it("lets the task read the flow log folders, describe the network, mount its store and read its secret: nothing more", () => {
    const bucket = s3.Bucket.fromBucketName(stack, "Same", "my-flow-logs");
    expect(statementsOf(template, stack, job.taskDefinition.taskRole)).toEqual([
      { Effect: "Allow", Action: INVENTORY_ACTIONS, Resource: "*" },
      {
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: stack.resolve(bucket.bucketArn),
        Condition: { StringLike: { "s3:prefix": ["vpc-flow-logs/AWSLogs/*"] } },
      },
      {
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: stack.resolve(bucket.arnForObjects("vpc-flow-logs/AWSLogs/*")),
      },
      { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: SECRET_ARN },
      {
        Effect: "Allow",
        Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
        Resource: stack.resolve(job.store.fileSystem.fileSystemArn),
        Condition: {
          StringEquals: {
            "elasticfilesystem:AccessPointArn": stack.resolve(job.store.accessPoint.accessPointArn),
          },
        },
      },
    ]);
  });

  it("lets ECS write the job's logs and nothing else", () => {
    const role = job.taskDefinition.executionRole as iam.IRole;
    expect(statementsOf(template, stack, role)).toEqual([
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: stack.resolve(job.logGroup.logGroupArn),
      },
    ]);
  });

  it("lets the scheduler run this task definition and pass its two roles only", () => {
    const schedulerRole = Object.values(template.findResources("AWS::Scheduler::Schedule"))[0]?.Properties
      .Target.RoleArn;
    const policies = Object.values(template.findResources("AWS::IAM::Policy")).filter(
      (p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: schedulerRole["Fn::GetAtt"][0] }]),
    );
    expect(policies.flatMap((p) => p.Properties.PolicyDocument.Statement)).toEqual([
      {
        Effect: "Allow",
        Action: "iam:PassRole",
        Condition: { StringLike: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
        Resource: [
          stack.resolve(job.taskDefinition.taskRole.roleArn),
          stack.resolve(job.taskDefinition.executionRole?.roleArn),
        ],
      },
      {
        Effect: "Allow",
        Action: "ecs:RunTask",
        Resource: stack.resolve(job.taskDefinition.taskDefinitionArn),
      },
    ]);
  });

  it("gives a Slack secret imported by name to --slack-secret by its name", () => {
    const { template } = synth({
      slackSecret: secretsmanager.Secret.fromSecretNameV2(testStack("Other"), "S", "flowlens/slack"),
    });
    const daily = containers(template).find((c) => c.Name === "daily");
    expect(daily?.Command?.at(-1)).toBe("flowlens/slack");
  });

  it("creates the Slack secret when none is given", () => {
    const { stack, job, template } = synth({ slackSecret: undefined });
    template.resourceCountIs("AWS::SecretsManager::Secret", 1);
    const daily = containers(template).find((c) => c.Name === "daily");
    expect(daily?.Command?.at(-1)).toEqual(stack.resolve(job.slackSecret.secretArn));
  });

  it("leaves the inventory and its EC2 permissions out when told to", () => {
    const { stack, job, template } = synth({ syncInventory: false });
    expect(containers(template).map((c) => c.Name)).toEqual(["config", "daily"]);
    expect(JSON.stringify(statementsOf(template, stack, job.taskDefinition.taskRole))).not.toContain("ec2:");
  });

  it("refuses public subnets", () => {
    expect(() => synth({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } })).toThrow(
      'DailyReportJob "Test/Job": vpcSubnets: expected private subnets (the task gets no public IP, so in a public subnet it cannot reach S3, Secrets Manager or Slack), got public subnet(s) Test/Vpc/PublicSubnet1, Test/Vpc/PublicSubnet2',
    );
  });

  it("refuses a log retention shorter than the catch-up window", () => {
    expect(() => synth({ catchUpDays: 7, logRetention: logs.RetentionDays.THREE_DAYS })).toThrow(
      'DailyReportJob "Test/Job": logRetention: expected a retention of at least catchUpDays (7 days), so a failed run\'s logs outlive the days it can be run again, got 3 days',
    );
  });

  it("refuses a cron that is not a schedule", () => {
    expect(() => synth({ cron: "0 25 * * *" })).toThrow(
      'DailyReportJob "Test/Job": cron: expected a valid cron expression: the hour field "25" is outside 0-23, got "0 25 * * *"',
    );
  });

  it("refuses a time zone that does not exist", () => {
    expect(() => synth({ timeZone: "Mars/Olympus" })).toThrow(
      'DailyReportJob "Test/Job": timeZone: expected an IANA time zone such as "UTC" or "Europe/Paris", got "Mars/Olympus"',
    );
  });
});
