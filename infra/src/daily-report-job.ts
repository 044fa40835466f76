/**
 * `DailyReportJob`: `flowlens daily` as an ECS Fargate task that EventBridge Scheduler starts by cron in a
 * time zone. Its settings are rendered from the props into the task's config file; the store lives on EFS
 * so each run loads only new objects and the baselines keep their history; the Slack secret (made here or
 * given) is passed as `--slack-secret`; the task role may read the flow log prefix, describe the network
 * (for `inventory sync`, which runs first) and read that one secret, nothing more.
 */
import { RemovalPolicy, Stack, TimeZone } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import * as targets from "aws-cdk-lib/aws-scheduler-targets";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { awsScheduleCron, isTimeZone } from "./aws-cron.js";
import { addConfigContainer, CONFIG_FILE, mountConfigFile } from "./config-file.js";
import { DEFAULT_FLOW_LOG_PREFIX } from "./flow-logs-to-s3.js";
import { defaultFlowLensImage } from "./flowlens-image.js";
import { refuseProp } from "./props-error.js";
import { STORE_DIR, StoreVolume } from "./store-volume.js";

/** What `flowlens inventory sync` calls (see src/enrich/inventory/README.md); EC2 Describe* take no resource. */
export const INVENTORY_ACTIONS = [
  "ec2:DescribeAvailabilityZones",
  "ec2:DescribeVpcs",
  "ec2:DescribeSubnets",
  "ec2:DescribeRouteTables",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeNatGateways",
  "ec2:DescribeVpcEndpoints",
];

export interface DailyReportJobProps {
  readonly vpc: ec2.IVpc;
  /** Private subnets the task runs in (it has no public IP). @default the VPC's private subnets with egress */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** The bucket the flow logs land in. */
  readonly flowLogBucket: s3.IBucket;
  /** Their key prefix ("" for the root); the source is `s3://<bucket>/<prefix>/`. @default "vpc-flow-logs" */
  readonly flowLogPrefix?: string;
  /** Only these accounts' folders (`daily.accounts`). @default every account under AWSLogs/ */
  readonly accounts?: readonly string[];
  /** Only these regions (`daily.regions`, and `inventory sync --regions`). @default every region found */
  readonly regions?: readonly string[];
  /** Price overrides per region and charge (`prices`), e.g. `{ "us-east-1": { natGatewayProcessing: 0.045 } }`. @default list prices */
  readonly prices?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Insight parameters by insight id (`insights`), e.g. `{ anomalies: { baseline_days: 7 } }`. @default each insight's defaults */
  readonly insights?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The Slack bot's secret, `{"botToken": "xoxb-…", "channelId": "C…"}`. @default a new secret whose value you set after deploying */
  readonly slackSecret?: secretsmanager.ISecret;
  /** Post to this channel instead of the secret's channelId (`slack.channel`). @default the secret's channelId */
  readonly slackChannel?: string;
  /** When to run: five-field cron as flowlens's `schedule.cron` takes it. @default "0 6 * * *" (06:00) */
  readonly cron?: string;
  /** IANA time zone of `cron`. @default "UTC" */
  readonly timeZone?: string;
  /** How many days back a missed or failed run can be run again; the job's logs are kept at least this long. @default 7 */
  readonly catchUpDays?: number;
  /** Retention of the job's CloudWatch Logs (at least `catchUpDays`). @default RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** Load the network inventory (`flowlens inventory sync`) before each run. @default true */
  readonly syncInventory?: boolean;
  /** The flowlens image (entrypoint `flowlens`). @default `ghcr.io/flowlens/flowlens:<version>` (FLOWLENS_IMAGE_NAME) */
  readonly image?: ecs.ContainerImage;
  /** Task CPU units. @default 1024 */
  readonly cpu?: number;
  /** Task memory in MiB; DuckDB gets three quarters of it (`memoryLimit`). @default 4096 */
  readonly memoryLimitMiB?: number;
  /** The cluster to run in. @default a new cluster with Container Insights */
  readonly cluster?: ecs.ICluster;
  /** What happens to the store's file system and the logs when the stack is deleted. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

export class DailyReportJob extends Construct {
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly slackSecret: secretsmanager.ISecret;
  readonly store: StoreVolume;
  readonly logGroup: logs.LogGroup;
  readonly schedule: scheduler.Schedule;
  readonly securityGroup: ec2.SecurityGroup;
  /** The cron days the job looks back (see `catchUpDays`). */
  readonly catchUpDays: number;
  /** `cron(…)` as EventBridge Scheduler runs it. */
  readonly scheduleExpression: string;

  constructor(scope: Construct, id: string, props: DailyReportJobProps) {
    super(scope, id);
    const vpcSubnets = props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    checkPrivate(this, props.vpc, vpcSubnets);
    this.scheduleExpression = checkedSchedule(this, props.cron ?? "0 6 * * *", props.timeZone ?? "UTC");
    this.catchUpDays = props.catchUpDays ?? 7;
    if (!Number.isInteger(this.catchUpDays) || this.catchUpDays < 1 || this.catchUpDays > 90) {
      refuseProp(this, "catchUpDays", "a whole number of days from 1 to 90", `${this.catchUpDays}`);
    }
    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    if (retention < this.catchUpDays) {
      refuseProp(
        this,
        "logRetention",
        `a retention of at least catchUpDays (${this.catchUpDays} days), so a failed run's logs outlive the days it can be run again`,
        `${retention} days`,
      );
    }
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const prefix = props.flowLogPrefix ?? DEFAULT_FLOW_LOG_PREFIX;
    const root = prefix ? `${prefix.replace(/\/+$/, "")}/` : "";
    const memoryLimitMiB = props.memoryLimitMiB ?? 4096;

    this.slackSecret =
      props.slackSecret ??
      new secretsmanager.Secret(this, "SlackSecret", {
        description:
          'flowlens Slack bot: set {"botToken": "xoxb-…", "channelId": "C…"} with aws secretsmanager put-secret-value',
        removalPolicy,
      });
    this.logGroup = new logs.LogGroup(this, "Logs", { retention, removalPolicy });
    const logging = ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: "daily" });
    const image = props.image ?? defaultFlowLensImage();

    this.taskDefinition = new ecs.FargateTaskDefinition(this, "Task", {
      cpu: props.cpu ?? 1024,
      memoryLimitMiB,
    });
    const config = addConfigContainer(this.taskDefinition, {
      image,
      logging,
      settings: {
        db: `${STORE_DIR}/flowlens.duckdb`,
        memoryLimit: `${Math.floor(memoryLimitMiB * 0.75)}MiB`,
        daily: {
          sources: [`s3://${props.flowLogBucket.bucketName}/${root}`],
          ...(props.accounts ? { accounts: props.accounts } : {}),
          ...(props.regions ? { regions: props.regions } : {}),
          reportDir: `${STORE_DIR}/reports`,
        },
        s3: { region: Stack.of(this).region },
        ...(props.slackChannel ? { slack: { channel: props.slackChannel } } : {}),
        ...(props.prices ? { prices: props.prices } : {}),
        ...(props.insights ? { insights: props.insights } : {}),
      },
    });
    const daily = this.taskDefinition.addContainer("daily", {
      image,
      essential: true,
      // A full ARN, or the name of a secret imported by name (a partial ARN can be ambiguous).
      command: [
        "--config",
        CONFIG_FILE,
        "daily",
        "--slack-secret",
        this.slackSecret.secretFullArn ?? this.slackSecret.secretName,
      ],
      logging,
    });
    mountConfigFile(daily, config);
    const flowlens = [daily];
    if (props.syncInventory ?? true) {
      const regions = props.regions ? ["--regions", props.regions.join(",")] : [];
      const inventory = this.taskDefinition.addContainer("inventory", {
        image,
        essential: false,
        command: ["--config", CONFIG_FILE, "inventory", "sync", ...regions],
        logging,
      });
      mountConfigFile(inventory, config);
      // A failed sync leaves the last inventory in place: the report runs either way.
      daily.addContainerDependencies({
        container: inventory,
        condition: ecs.ContainerDependencyCondition.COMPLETE,
      });
      flowlens.push(inventory);
      this.taskDefinition.addToTaskRolePolicy(
        new iam.PolicyStatement({ actions: INVENTORY_ACTIONS, resources: ["*"] }),
      );
    }
    this.grantReads(props.flowLogBucket, root);

    this.securityGroup = new ec2.SecurityGroup(this, "SecurityGroup", {
      vpc: props.vpc,
      description: "flowlens daily job: out to S3, Secrets Manager, EC2, Slack and its store",
      allowAllOutbound: true,
    });
    this.store = new StoreVolume(this, "Store", { vpc: props.vpc, vpcSubnets, removalPolicy });
    this.store.mountIn(this.taskDefinition, flowlens, this.securityGroup);

    const cluster =
      props.cluster ??
      new ecs.Cluster(this, "Cluster", {
        vpc: props.vpc,
        containerInsightsV2: ecs.ContainerInsights.ENABLED,
      });
    this.schedule = new scheduler.Schedule(this, "Schedule", {
      description: "flowlens daily report",
      schedule: scheduler.ScheduleExpression.expression(
        this.scheduleExpression,
        TimeZone.of(props.timeZone ?? "UTC"),
      ),
      target: new targets.EcsRunFargateTask(cluster, {
        taskDefinition: this.taskDefinition,
        vpcSubnets,
        securityGroups: [this.securityGroup],
        assignPublicIp: false,
      }),
    });
  }

  /** s3:ListBucket on the flow log folders only, s3:GetObject on them, and the secret: nothing with `*`. */
  private grantReads(bucket: s3.IBucket, root: string): void {
    const folders = `${root}AWSLogs/`;
    this.taskDefinition.addToTaskRolePolicy(
      new iam.PolicyStatement({
        actions: ["s3:ListBucket"],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { "s3:prefix": [`${folders}*`] } },
      }),
    );
    this.taskDefinition.addToTaskRolePolicy(
      new iam.PolicyStatement({
        actions: ["s3:GetObject"],
        resources: [bucket.arnForObjects(`${folders}*`)],
      }),
    );
    this.taskDefinition.addToTaskRolePolicy(
      new iam.PolicyStatement({
        actions: ["secretsmanager:GetSecretValue"],
        resources: [this.slackSecret.secretFullArn ?? `${this.slackSecret.secretArn}-??????`],
      }),
    );
    if (bucket.encryptionKey) bucket.encryptionKey.grantDecrypt(this.taskDefinition.taskRole);
    if (this.slackSecret.encryptionKey)
      this.slackSecret.encryptionKey.grantDecrypt(this.taskDefinition.taskRole);
  }
}

function checkPrivate(scope: Construct, vpc: ec2.IVpc, selection: ec2.SubnetSelection): void {
  const selected = vpc.selectSubnets(selection);
  const publicIds = new Set(vpc.publicSubnets.map((s) => s.subnetId));
  const publics = selected.subnets.filter((s) => publicIds.has(s.subnetId));
  if (selected.hasPublic || publics.length > 0) {
    refuseProp(
      scope,
      "vpcSubnets",
      "private subnets (the task gets no public IP, so in a public subnet it cannot reach S3, Secrets Manager or Slack)",
      `public subnet(s) ${publics.map((s) => s.node.path).join(", ") || "in the selection"}`,
    );
  }
}

function checkedSchedule(scope: Construct, cron: string, timeZone: string): string {
  if (!isTimeZone(timeZone)) {
    refuseProp(
      scope,
      "timeZone",
      'an IANA time zone such as "UTC" or "Europe/Paris"',
      JSON.stringify(timeZone),
    );
  }
  const schedule = awsScheduleCron(cron);
  if ("problem" in schedule) refuseProp(scope, "cron", schedule.problem, JSON.stringify(cron));
  return schedule.expression;
}
