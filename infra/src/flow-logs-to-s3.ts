/**
 * `FlowLogsToS3`: VPC Flow Logs of a VPC, of given subnets or of given network interfaces, delivered to an
 * S3 bucket as Parquet in Hive-compatible, per-hour partitions, in flowlens's log format. The bucket (made
 * here unless one is given) is encrypted, TLS-only, closed to the public and expires what it holds; the
 * log delivery service may write to it only for this account's log deliveries.
 */
import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { flowLensLogFormat } from "./flow-log-format.js";
import { refuseProp } from "./props-error.js";

/** The key prefix flow logs go under unless told otherwise (flowlens reads `s3://<bucket>/<prefix>/`). */
export const DEFAULT_FLOW_LOG_PREFIX = "vpc-flow-logs";

export interface FlowLogsToS3Props {
  /** Log every network interface of this VPC. Give exactly one of `vpc`, `subnets`, `networkInterfaceIds`. @default none */
  readonly vpc?: ec2.IVpc;
  /** Log these subnets (one flow log each). @default none */
  readonly subnets?: readonly ec2.ISubnet[];
  /** Log these network interfaces (one flow log each), e.g. a NAT gateway's. @default none */
  readonly networkInterfaceIds?: readonly string[];
  /** The bucket to deliver to; its own encryption and policies are left as they are. @default a new bucket */
  readonly bucket?: s3.IBucket;
  /** Key prefix, without leading or trailing slash; "" for the bucket's root. @default "vpc-flow-logs" */
  readonly prefix?: string;
  /** Accepted, rejected or all traffic. @default ALL */
  readonly trafficType?: ec2.FlowLogTrafficType;
  /** The longest capture window of a record. @default ONE_MINUTE (flowlens's hourly numbers are sharper) */
  readonly maxAggregationInterval?: ec2.FlowLogMaxAggregationInterval;
  /** Add version 8's reject-reason field to the log format. @default true */
  readonly includeRejectReason?: boolean;
  /** Days after which objects move to S3 Standard-IA (30 or more). @default 30 */
  readonly infrequentAccessAfterDays?: number;
  /** Days after which objects are deleted (after the move to Standard-IA). @default 400 */
  readonly expireAfterDays?: number;
  /** What happens to a bucket made here when the stack is deleted. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Bucket for the new bucket's server access logs. @default no server access logs */
  readonly serverAccessLogsBucket?: s3.IBucket;
}

export class FlowLogsToS3 extends Construct {
  /** Where the flow logs land. */
  readonly bucket: s3.IBucket;
  /** The key prefix ("" for the root); flowlens's source is `s3://<bucket>/<prefix>/`. */
  readonly prefix: string;
  /** The log format string every flow log here uses. */
  readonly logFormat: string;
  /** Days after which flow logs are deleted, when the bucket is made here. */
  readonly expireAfterDays?: number;
  readonly flowLogs: readonly ec2.CfnFlowLog[];

  constructor(scope: Construct, id: string, props: FlowLogsToS3Props) {
    super(scope, id);
    const targets = flowLogTargets(this, props);
    this.prefix = checkedPrefix(this, props.prefix ?? DEFAULT_FLOW_LOG_PREFIX);
    this.logFormat = flowLensLogFormat(props.includeRejectReason ?? true);
    if (props.bucket) {
      this.bucket = props.bucket;
    } else {
      const ia = props.infrequentAccessAfterDays ?? 30;
      const expire = props.expireAfterDays ?? 400;
      if (!Number.isInteger(ia) || ia < 30) {
        refuseProp(
          this,
          "infrequentAccessAfterDays",
          "a whole number of days, 30 or more (S3's minimum)",
          `${ia}`,
        );
      }
      if (!Number.isInteger(expire) || expire <= ia) {
        refuseProp(
          this,
          "expireAfterDays",
          `a whole number of days after infrequentAccessAfterDays (${ia})`,
          `${expire}`,
        );
      }
      this.expireAfterDays = expire;
      this.bucket = new s3.Bucket(this, "Bucket", {
        encryption: s3.BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
        ...(props.serverAccessLogsBucket ? { serverAccessLogsBucket: props.serverAccessLogsBucket } : {}),
        lifecycleRules: [
          {
            id: "flow-logs",
            transitions: [
              { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(ia) },
            ],
            expiration: Duration.days(expire),
            abortIncompleteMultipartUploadAfter: Duration.days(1),
          },
        ],
      });
    }
    this.allowLogDelivery();
    const destination = `${this.bucket.bucketArn}${this.prefix ? `/${this.prefix}` : ""}`;
    this.flowLogs = targets.map(
      (target, i) =>
        new ec2.CfnFlowLog(this, targets.length === 1 ? "FlowLog" : `FlowLog${i + 1}`, {
          resourceId: target.id,
          resourceType: target.type,
          trafficType: props.trafficType ?? ec2.FlowLogTrafficType.ALL,
          logDestinationType: "s3",
          logDestination: destination,
          logFormat: this.logFormat,
          maxAggregationInterval:
            props.maxAggregationInterval ?? ec2.FlowLogMaxAggregationInterval.ONE_MINUTE,
          // CloudFormation takes these keys as EC2 spells them.
          destinationOptions: {
            FileFormat: "parquet",
            HiveCompatiblePartitions: true,
            PerHourPartition: true,
          },
        }),
    );
    // The bucket policy must exist before EC2 checks that it may deliver.
    const policy = this.bucket.policy;
    if (policy) for (const flowLog of this.flowLogs) flowLog.node.addDependency(policy);
  }

  /** delivery.logs.amazonaws.com may write flowlens's prefix, for this account's log deliveries only. */
  private allowLogDelivery(): void {
    const stack = Stack.of(this);
    const root = this.prefix ? `${this.prefix}/` : "";
    const conditions = {
      StringEquals: { "aws:SourceAccount": stack.account },
      ArnLike: { "aws:SourceArn": stack.formatArn({ service: "logs", resource: "*" }) },
    };
    const principal = new iam.ServicePrincipal("delivery.logs.amazonaws.com");
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AWSLogDeliveryWrite",
        principals: [principal],
        actions: ["s3:PutObject"],
        resources: [this.bucket.arnForObjects(`${root}AWSLogs/aws-account-id=${stack.account}/*`)],
        conditions: {
          ...conditions,
          StringEquals: { ...conditions.StringEquals, "s3:x-amz-acl": "bucket-owner-full-control" },
        },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AWSLogDeliveryCheck",
        principals: [principal],
        actions: ["s3:GetBucketAcl", "s3:ListBucket"],
        resources: [this.bucket.bucketArn],
        conditions,
      }),
    );
  }
}

interface FlowLogTarget {
  readonly id: string;
  readonly type: "VPC" | "Subnet" | "NetworkInterface";
}

function flowLogTargets(scope: Construct, props: FlowLogsToS3Props): FlowLogTarget[] {
  const given = [
    props.vpc ? "vpc" : undefined,
    props.subnets ? "subnets" : undefined,
    props.networkInterfaceIds ? "networkInterfaceIds" : undefined,
  ].filter((g) => g !== undefined);
  if (given.length !== 1) {
    refuseProp(
      scope,
      "vpc | subnets | networkInterfaceIds",
      "exactly one of them",
      given.length === 0 ? "none" : given.join(" and "),
    );
  }
  if (props.vpc) return [{ id: props.vpc.vpcId, type: "VPC" }];
  const subnets = props.subnets?.map((s) => ({ id: s.subnetId, type: "Subnet" as const }));
  const enis = props.networkInterfaceIds?.map((id) => ({ id, type: "NetworkInterface" as const }));
  const targets = subnets ?? enis ?? [];
  if (targets.length === 0) refuseProp(scope, given[0] as string, "at least one", "an empty list");
  return targets;
}

function checkedPrefix(scope: Construct, prefix: string): string {
  if (prefix.startsWith("/") || prefix.endsWith("/") || /(^|\/)AWSLogs(\/|$)/.test(prefix)) {
    refuseProp(
      scope,
      "prefix",
      'a key prefix without leading or trailing "/" that does not contain an AWSLogs folder (AWS adds AWSLogs/), e.g. "vpc-flow-logs"',
      JSON.stringify(prefix),
    );
  }
  return prefix;
}
