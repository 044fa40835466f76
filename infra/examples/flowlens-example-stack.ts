/**
 * The example stack: the whole pipeline in a given VPC (looked up by id) or in a small demo VPC, the Slack
 * secret imported by name or made here, and the streaming endpoint when a certificate and domain are given.
 */

import { type CfnElement, Stack, type StackProps, Validations } from "aws-cdk-lib";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type { Construct, IConstruct } from "constructs";

import { FlowLensPipeline } from "../src/index.js";

export interface FlowLensExampleStackProps extends StackProps {
  /** An existing VPC (looked up at synth, which needs credentials). @default a demo VPC: 2 AZs, one NAT gateway */
  readonly vpcId?: string;
  /** The Slack secret's name. @default a new secret whose value you set after deploying */
  readonly slackSecretName?: string;
  /** With `domainName`: the streaming endpoint's certificate. @default no streaming endpoint */
  readonly certificateArn?: string;
  readonly domainName?: string;
}

export class FlowLensExampleStack extends Stack {
  readonly pipeline: FlowLensPipeline;

  constructor(scope: Construct, id: string, props: FlowLensExampleStackProps = {}) {
    super(scope, id, props);
    const vpc = props.vpcId
      ? ec2.Vpc.fromLookup(this, "Vpc", { vpcId: props.vpcId })
      : new ec2.Vpc(this, "DemoVpc", { maxAzs: 2, natGateways: 1 });
    const slackSecret = props.slackSecretName
      ? secretsmanager.Secret.fromSecretNameV2(this, "SlackSecret", props.slackSecretName)
      : undefined;
    const streaming =
      props.certificateArn && props.domainName
        ? {
            certificate: acm.Certificate.fromCertificateArn(this, "Certificate", props.certificateArn),
            domainName: props.domainName,
            flowLogsFrom: vpc,
          }
        : undefined;
    this.pipeline = new FlowLensPipeline(this, "FlowLens", {
      vpc,
      ...(slackSecret ? { slackSecret } : {}),
      ...(streaming ? { streaming } : {}),
    });
    acknowledgeWithReasons(this, this.pipeline);
  }
}

/** cdk-nag AwsSolutions findings this design accepts, each with its reason. */
function acknowledgeWithReasons(stack: Stack, pipeline: FlowLensPipeline): void {
  const acknowledge = (scope: IConstruct | undefined, id: string, reason: string) => {
    if (scope) Validations.of(scope).acknowledge({ id, reason });
  };
  // cdk-nag names a wildcard finding by the resource as the template has it.
  const arnOf = (scope: IConstruct) => `<${stack.getLogicalId(scope.node.defaultChild as CfnElement)}.Arn>`;
  const flowLogs = pipeline.flowLogs;
  acknowledge(
    pipeline.dailyJob,
    "AwsSolutions-IAM5[Resource::*]",
    "The EC2 Describe* calls of flowlens inventory sync take no resource; nothing else in the job's policies is *.",
  );
  acknowledge(
    pipeline.dailyJob,
    `AwsSolutions-IAM5[Resource::${arnOf(flowLogs.bucket)}/${flowLogs.prefix}/AWSLogs/*]`,
    "s3:GetObject on the flow log objects: keys under one named prefix, which only a wildcard can name.",
  );
  const streaming = pipeline.streaming;
  if (streaming) {
    acknowledge(
      streaming,
      `AwsSolutions-IAM5[Resource::${arnOf(streaming.backupBucket)}/*]`,
      "Firehose writes the records it could not deliver as new objects of its own backup bucket.",
    );
    acknowledge(
      streaming.loadBalancer,
      "AwsSolutions-ELB2",
      "flowlens serve logs every Firehose request (JSON lines in CloudWatch Logs); ALB access logs would repeat them.",
    );
    acknowledge(
      streaming.loadBalancer,
      "AwsSolutions-EC23",
      "Firehose calls from its region's public ranges; the access key guards the endpoint. Narrow it with allowedIpv4Cidrs.",
    );
  }
  acknowledge(
    stack,
    "AwsSolutions-S1",
    "The flow log and Firehose backup buckets hold logs written by AWS services; reads are the job's own, logged in its CloudWatch Logs. Pass serverAccessLogsBucket to FlowLogsToS3 to log access anyway.",
  );
  acknowledge(
    stack,
    "AwsSolutions-SMG4",
    "The Slack bot token is rotated in Slack, and the Firehose access key together with the delivery stream; neither has a Secrets Manager rotation function.",
  );
  acknowledge(
    stack,
    "AwsSolutions-ECS2",
    "The environment holds the rendered flowlens settings (bucket, prefix, regions), no credential; secrets come from Secrets Manager.",
  );
}
