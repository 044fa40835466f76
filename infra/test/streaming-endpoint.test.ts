import { Duration, Size } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as logs from "aws-cdk-lib/aws-logs";
import { describe, expect, it } from "vitest";
import { CONFIG_ENV } from "../src/config-file.js";
import { flowLensLogFormat } from "../src/flow-log-format.js";
import { StreamingEndpoint, type StreamingEndpointProps } from "../src/streaming-endpoint.js";
import { statementsOf } from "./policy-statements.js";
import { knownVpc, testStack } from "./test-stack.js";

const CERTIFICATE = "arn:aws:acm:us-east-1:111111111111:certificate/0a1b2c3d";

function synth(extra: Partial<StreamingEndpointProps> = {}) {
  const stack = testStack();
  const vpc = knownVpc(stack);
  const endpoint = new StreamingEndpoint(stack, "Streaming", {
    vpc,
    certificate: acm.Certificate.fromCertificateArn(stack, "Certificate", CERTIFICATE),
    domainName: "flowlens.example.com",
    flowLogsFrom: vpc,
    ...extra,
  });
  return { stack, endpoint, template: Template.fromStack(stack) };
}

const { stack, endpoint, template } = synth();

function destination(t: Template = template) {
  const stream = Object.values(t.findResources("AWS::KinesisFirehose::DeliveryStream"))[0];
  return stream?.Properties.HttpEndpointDestinationConfiguration;
}

describe("StreamingEndpoint", () => {
  it("delivers to the service's /firehose over HTTPS with the access key from Secrets Manager, gzip", () => {
    const d = destination();
    expect(d.EndpointConfiguration).toEqual({
      Name: "flowlens",
      Url: "https://flowlens.example.com/firehose",
    });
    expect(d.SecretsManagerConfiguration).toEqual({
      Enabled: true,
      SecretARN: stack.resolve(endpoint.accessKeySecret.secretArn),
      RoleARN: d.RoleARN,
    });
    expect(d.RequestConfiguration).toEqual({ ContentEncoding: "GZIP" });
  });

  it("backs up the records it could not deliver to S3", () => {
    const d = destination();
    expect(d.S3BackupMode).toBe("FailedDataOnly");
    expect(d.S3Configuration.BucketARN).toEqual(stack.resolve(endpoint.backupBucket.bucketArn));
  });

  it("buffers 60 s or 1 MiB and retries for 2 hours by default", () => {
    const d = destination();
    expect([d.BufferingHints, d.RetryOptions]).toEqual([
      { IntervalInSeconds: 60, SizeInMBs: 1 },
      { DurationInSeconds: 7200 },
    ]);
  });

  it("takes buffering and retry from its props", () => {
    const d = destination(
      synth({
        bufferingInterval: Duration.seconds(300),
        bufferingSize: Size.mebibytes(4),
        retryDuration: Duration.minutes(10),
      }).template,
    );
    expect([d.BufferingHints, d.RetryOptions]).toEqual([
      { IntervalInSeconds: 300, SizeInMBs: 4 },
      { DurationInSeconds: 600 },
    ]);
  });

  it("lets Firehose write its backup bucket, read its key and write its error log: nothing more", () => {
    const role = endpoint.node.findChild("DeliveryRole") as import("aws-cdk-lib/aws-iam").Role;
    const statements = statementsOf(template, stack, role) as { Action: unknown; Resource: unknown }[];
    expect(statements.map((s) => [s.Action, s.Resource])).toEqual([
      [
        [
          "s3:AbortMultipartUpload",
          "s3:GetBucketLocation",
          "s3:GetObject",
          "s3:ListBucket",
          "s3:ListBucketMultipartUploads",
          "s3:PutObject",
        ],
        [
          stack.resolve(endpoint.backupBucket.bucketArn),
          stack.resolve(endpoint.backupBucket.arnForObjects("*")),
        ],
      ],
      ["secretsmanager:GetSecretValue", stack.resolve(endpoint.accessKeySecret.secretArn)],
      ["logs:PutLogEvents", expect.anything()],
    ]);
  });

  it("sends the VPC's flow logs to the stream directly in flowlens's format", () => {
    template.hasResourceProperties("AWS::EC2::FlowLog", {
      ResourceId: "vpc-0123456789abcdef0",
      LogDestinationType: "kinesis-data-firehose",
      LogDestination: stack.resolve(endpoint.deliveryStream.attrArn),
      LogFormat: flowLensLogFormat(),
    });
    template.hasResourceProperties("AWS::KinesisFirehose::DeliveryStream", {
      Tags: [{ Key: "LogDeliveryEnabled", Value: "true" }],
    });
  });

  it("tells serve the stream's log format, binds it off loopback and turns the dashboard off", () => {
    const task = Object.values(template.findResources("AWS::ECS::TaskDefinition"))[0];
    const containers = task?.Properties.ContainerDefinitions as {
      Name: string;
      Command?: string[];
      Environment?: { Name: string; Value: string }[];
      Secrets?: unknown[];
    }[];
    const settings = JSON.parse(
      containers.find((c) => c.Name === "config")?.Environment?.find((e) => e.Name === CONFIG_ENV)?.Value ??
        "{}",
    );
    expect(settings.serve).toEqual({
      firehosePath: "/firehose",
      dashboard: { enabled: false },
      streams: [{ deliveryStream: endpoint.deliveryStreamName, logFormat: flowLensLogFormat() }],
    });
    const serve = containers.find((c) => c.Name === "serve");
    expect(serve?.Command).toEqual([
      "--config",
      "/flowlens-config/flowlens.yaml",
      "serve",
      "--host",
      "0.0.0.0",
      "--port",
      "8080",
    ]);
    expect(serve?.Secrets).toEqual([
      {
        Name: "FLOWLENS_SERVE_ACCESS_KEY",
        ValueFrom: { "Fn::Join": ["", [stack.resolve(endpoint.accessKeySecret.secretArn), ":api_key::"]] },
      },
    ]);
  });

  it("terminates HTTPS on 443 with the certificate and checks /healthz", () => {
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
      Port: 443,
      Protocol: "HTTPS",
      Certificates: [{ CertificateArn: CERTIFICATE }],
    });
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", {
      Port: 8080,
      Protocol: "HTTP",
      HealthCheckPath: "/healthz",
    });
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", {
      Scheme: "internet-facing",
    });
  });

  it("runs one task, never two on one store", () => {
    template.hasResourceProperties("AWS::ECS::Service", {
      DesiredCount: 1,
      DeploymentConfiguration: { MaximumPercent: 100, MinimumHealthyPercent: 0 },
    });
  });

  it("subscribes the stream to a flow-log group", () => {
    const s = testStack();
    const group = logs.LogGroup.fromLogGroupName(s, "Group", "vpc-flow-logs");
    const e = new StreamingEndpoint(s, "Streaming", {
      vpc: knownVpc(s),
      certificate: acm.Certificate.fromCertificateArn(s, "Certificate", CERTIFICATE),
      domainName: "flowlens.example.com",
      logGroup: group,
    });
    const t = Template.fromStack(s);
    t.hasResourceProperties("AWS::Logs::SubscriptionFilter", {
      LogGroupName: "vpc-flow-logs",
      FilterPattern: "",
      DestinationArn: s.resolve(e.deliveryStream.attrArn),
    });
    t.resourceCountIs("AWS::EC2::FlowLog", 0);
  });

  it("refuses both sources at once", () => {
    const s = testStack();
    expect(() => synth({ logGroup: logs.LogGroup.fromLogGroupName(s, "G", "g") })).toThrow(
      'StreamingEndpoint "Test/Streaming": flowLogsFrom | logGroup: expected one source (each record would arrive twice), got both',
    );
  });

  it("refuses a buffer larger than Firehose takes", () => {
    expect(() => synth({ bufferingSize: Size.mebibytes(128) })).toThrow(
      'StreamingEndpoint "Test/Streaming": bufferingSize: expected 1 to 64 MiB (Firehose\'s range), got 128 MiB',
    );
  });

  it("refuses a retry duration longer than Firehose takes", () => {
    expect(() => synth({ retryDuration: Duration.hours(3) })).toThrow(
      'StreamingEndpoint "Test/Streaming": retryDuration: expected 0 to 7200 seconds (Firehose\'s range), got 10800 seconds',
    );
  });
});
