import { Template } from "aws-cdk-lib/assertions";
import type * as ec2 from "aws-cdk-lib/aws-ec2";
import { describe, expect, it } from "vitest";
import { FIELDS } from "../../src/records/fields.js";
import { FLOWLENS_FLOW_LOG_FIELDS, flowLensLogFormat } from "../src/flow-log-format.js";
import { FlowLogsToS3, type FlowLogsToS3Props } from "../src/flow-logs-to-s3.js";
import { ACCOUNT, knownVpc, testStack } from "./test-stack.js";

function synth(props: (vpc: ec2.IVpc) => FlowLogsToS3Props = (vpc) => ({ vpc })) {
  const stack = testStack();
  const flowLogs = new FlowLogsToS3(stack, "FlowLogs", props(knownVpc(stack)));
  return { stack, flowLogs, template: Template.fromStack(stack) };
}

const { stack, flowLogs, template } = synth();

describe("FlowLogsToS3", () => {
  it("delivers the VPC's flow logs as Parquet in Hive-compatible per-hour partitions", () => {
    template.hasResourceProperties("AWS::EC2::FlowLog", {
      ResourceId: "vpc-0123456789abcdef0",
      ResourceType: "VPC",
      TrafficType: "ALL",
      LogDestinationType: "s3",
      DestinationOptions: { FileFormat: "parquet", HiveCompatiblePartitions: true, PerHourPartition: true },
    });
  });

  it("delivers under the prefix flowlens reads", () => {
    template.hasResourceProperties("AWS::EC2::FlowLog", {
      LogDestination: stack.resolve(`${flowLogs.bucket.bucketArn}/vpc-flow-logs`),
    });
  });

  it("asks for one-minute capture windows by default", () => {
    template.hasResourceProperties("AWS::EC2::FlowLog", { MaxAggregationInterval: 60 });
  });

  it("asks for every field of versions 2 to 5 and reject-reason, each known to flowlens's catalog", () => {
    const format = template.findResources("AWS::EC2::FlowLog");
    const logFormat = Object.values(format)[0]?.Properties.LogFormat as string;
    const fields = [...logFormat.matchAll(/\$\{([a-z-]+)\}/g)].map((m) => m[1]);
    for (const name of [
      "pkt-srcaddr",
      "pkt-dstaddr",
      "az-id",
      "flow-direction",
      "traffic-path",
      "reject-reason",
    ]) {
      expect(fields).toContain(name);
    }
    const catalog = new Map(FIELDS.map((f) => [f.name, f.version]));
    expect(fields.filter((f) => f === undefined || !catalog.has(f))).toEqual([]);
    const v2to5 = FIELDS.filter((f) => f.version >= 2 && f.version <= 5).map((f) => f.name);
    expect(FLOWLENS_FLOW_LOG_FIELDS).toEqual(v2to5);
  });

  it("leaves reject-reason out when told to", () => {
    expect(flowLensLogFormat(false)).not.toContain("reject-reason");
  });

  it("encrypts the bucket and blocks public access", () => {
    template.hasResourceProperties("AWS::S3::Bucket", {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it("moves objects to Standard-IA after 30 days and deletes them after 400", () => {
    template.hasResourceProperties("AWS::S3::Bucket", {
      LifecycleConfiguration: {
        Rules: [
          {
            Status: "Enabled",
            Transitions: [{ StorageClass: "STANDARD_IA", TransitionInDays: 30 }],
            ExpirationInDays: 400,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
    });
  });

  it("refuses every request that is not TLS", () => {
    const arn = stack.resolve(flowLogs.bucket.bucketArn);
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: [
          {
            Effect: "Deny",
            Principal: { AWS: "*" },
            Action: "s3:*",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
            Resource: [arn, stack.resolve(flowLogs.bucket.arnForObjects("*"))],
          },
          {},
          {},
        ],
      },
    });
  });

  it("lets the log delivery service write only this account's deliveries", () => {
    const statements = Object.values(template.findResources("AWS::S3::BucketPolicy"))[0]?.Properties
      .PolicyDocument.Statement as unknown[];
    const sourceConditions = {
      StringEquals: { "aws:SourceAccount": ACCOUNT },
      ArnLike: { "aws:SourceArn": stack.resolve(stack.formatArn({ service: "logs", resource: "*" })) },
    };
    expect(statements.slice(1)).toEqual([
      {
        Sid: "AWSLogDeliveryWrite",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: stack.resolve(
          flowLogs.bucket.arnForObjects(`vpc-flow-logs/AWSLogs/aws-account-id=${ACCOUNT}/*`),
        ),
        Condition: {
          ...sourceConditions,
          StringEquals: { ...sourceConditions.StringEquals, "s3:x-amz-acl": "bucket-owner-full-control" },
        },
      },
      {
        Sid: "AWSLogDeliveryCheck",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: ["s3:GetBucketAcl", "s3:ListBucket"],
        Resource: stack.resolve(flowLogs.bucket.bucketArn),
        Condition: sourceConditions,
      },
    ]);
  });

  it("logs each given subnet with its own flow log", () => {
    const { template } = synth((vpc) => ({ subnets: vpc.privateSubnets }));
    template.resourceCountIs("AWS::EC2::FlowLog", 2);
    template.hasResourceProperties("AWS::EC2::FlowLog", {
      ResourceId: "subnet-0000000000000bbb2",
      ResourceType: "Subnet",
    });
  });

  it("logs a given network interface", () => {
    const { template } = synth(() => ({ networkInterfaceIds: ["eni-0abc"], maxAggregationInterval: 600 }));
    template.hasResourceProperties("AWS::EC2::FlowLog", {
      ResourceId: "eni-0abc",
      ResourceType: "NetworkInterface",
      MaxAggregationInterval: 600,
    });
  });

  it("refuses a VPC and subnets together", () => {
    expect(() => synth((vpc) => ({ vpc, subnets: vpc.privateSubnets }))).toThrow(
      'FlowLogsToS3 "Test/FlowLogs": vpc | subnets | networkInterfaceIds: expected exactly one of them, got vpc and subnets',
    );
  });

  it("refuses a prefix with a trailing slash", () => {
    expect(() => synth((vpc) => ({ vpc, prefix: "logs/" }))).toThrow(
      'FlowLogsToS3 "Test/FlowLogs": prefix: expected a key prefix without leading or trailing "/" that does not contain an AWSLogs folder (AWS adds AWSLogs/), e.g. "vpc-flow-logs", got "logs/"',
    );
  });

  it("refuses expiry before the move to Standard-IA", () => {
    expect(() => synth((vpc) => ({ vpc, expireAfterDays: 20 }))).toThrow(
      'FlowLogsToS3 "Test/FlowLogs": expireAfterDays: expected a whole number of days after infrequentAccessAfterDays (30), got 20',
    );
  });

  it("refuses a move to Standard-IA before S3's 30 days", () => {
    expect(() => synth((vpc) => ({ vpc, infrequentAccessAfterDays: 7 }))).toThrow(
      'FlowLogsToS3 "Test/FlowLogs": infrequentAccessAfterDays: expected a whole number of days, 30 or more (S3\'s minimum), got 7',
    );
  });
});
