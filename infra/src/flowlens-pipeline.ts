/**
 * `FlowLensPipeline`: the whole seed pipeline in one construct — the VPC's flow logs to S3 as Parquet, the
 * gateway endpoints, the daily report job reading that bucket, and (given a certificate and a domain name)
 * the streaming endpoint. Each part takes its own props; the pipeline fills in what joins them.
 */
import type * as ec2 from "aws-cdk-lib/aws-ec2";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { DailyReportJob, type DailyReportJobProps } from "./daily-report-job.js";
import { FlowLogsToS3, type FlowLogsToS3Props } from "./flow-logs-to-s3.js";
import { GatewayEndpoints, type GatewayEndpointsProps } from "./gateway-endpoints.js";
import { refuseProp } from "./props-error.js";
import { StreamingEndpoint, type StreamingEndpointProps } from "./streaming-endpoint.js";

export interface FlowLensPipelineProps {
  readonly vpc: ec2.IVpc;
  /** The Slack bot's secret. @default a new secret whose value you set after deploying */
  readonly slackSecret?: secretsmanager.ISecret;
  /** FlowLogsToS3's props but the VPC. @default a new bucket, flowlens's format, 1-minute windows */
  readonly flowLogs?: Omit<FlowLogsToS3Props, "vpc" | "subnets" | "networkInterfaceIds">;
  /** GatewayEndpoints' props but the VPC, or false for none (the VPC has them already). @default S3 on the private subnets */
  readonly gatewayEndpoints?: Omit<GatewayEndpointsProps, "vpc"> | false;
  /** DailyReportJob's props but what the pipeline joins. @default 06:00 UTC every day */
  readonly dailyJob?: Omit<DailyReportJobProps, "vpc" | "flowLogBucket" | "flowLogPrefix" | "slackSecret">;
  /** StreamingEndpoint's props but the VPC. @default no streaming endpoint */
  readonly streaming?: Omit<StreamingEndpointProps, "vpc">;
}

export class FlowLensPipeline extends Construct {
  readonly flowLogs: FlowLogsToS3;
  readonly gatewayEndpoints?: GatewayEndpoints;
  readonly dailyJob: DailyReportJob;
  readonly streaming?: StreamingEndpoint;

  constructor(scope: Construct, id: string, props: FlowLensPipelineProps) {
    super(scope, id);
    this.flowLogs = new FlowLogsToS3(this, "FlowLogs", { ...props.flowLogs, vpc: props.vpc });
    if (props.gatewayEndpoints !== false) {
      this.gatewayEndpoints = new GatewayEndpoints(this, "GatewayEndpoints", {
        ...props.gatewayEndpoints,
        vpc: props.vpc,
      });
    }
    this.dailyJob = new DailyReportJob(this, "DailyJob", {
      ...props.dailyJob,
      vpc: props.vpc,
      flowLogBucket: this.flowLogs.bucket,
      flowLogPrefix: this.flowLogs.prefix,
      ...(props.slackSecret ? { slackSecret: props.slackSecret } : {}),
    });
    // A run reads its day and the day after; a day run again late must still find its objects.
    const expire = this.flowLogs.expireAfterDays;
    if (expire !== undefined && expire <= this.dailyJob.catchUpDays + 1) {
      refuseProp(
        this,
        "flowLogs.expireAfterDays",
        `more days than dailyJob.catchUpDays + 1 (${this.dailyJob.catchUpDays + 1}), so the days a run can catch up are still in the bucket`,
        `${expire}`,
      );
    }
    if (props.streaming)
      this.streaming = new StreamingEndpoint(this, "Streaming", { ...props.streaming, vpc: props.vpc });
  }
}
