/**
 * `StreamingEndpoint`: `flowlens serve` as one ECS Fargate task behind an HTTPS Application Load Balancer,
 * and a Kinesis Data Firehose delivery stream whose HTTP endpoint destination is that service's
 * `/firehose` (the access key from Secrets Manager, gzip request bodies, records it could not deliver
 * backed up to S3). Optionally wired to a source: VPC Flow Logs delivered to the stream directly, or a
 * CloudWatch Logs subscription filter on a flow-log group. One task only: the store has one writer.
 */
import { ArnFormat, Duration, Names, RemovalPolicy, Size, Stack, Validations } from "aws-cdk-lib";
import type * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as firehose from "aws-cdk-lib/aws-kinesisfirehose";
import * as logs from "aws-cdk-lib/aws-logs";
import * as route53 from "aws-cdk-lib/aws-route53";
import * as route53Targets from "aws-cdk-lib/aws-route53-targets";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { addConfigContainer, CONFIG_FILE, mountConfigFile } from "./config-file.js";
import { flowLensLogFormat } from "./flow-log-format.js";
import { defaultFlowLensImage } from "./flowlens-image.js";
import { refuseProp } from "./props-error.js";
import { STORE_DIR, StoreVolume } from "./store-volume.js";

/** The port `flowlens serve` listens on behind the load balancer. */
export const SERVE_PORT = 8080;
/** The path Firehose delivers to (`serve.firehosePath`). */
export const FIREHOSE_PATH = "/firehose";

export interface StreamingEndpointProps {
  readonly vpc: ec2.IVpc;
  /** The load balancer's HTTPS certificate; it must cover `domainName`. */
  readonly certificate: acm.ICertificate;
  /** The host name Firehose calls, `https://<domainName>/firehose`. */
  readonly domainName: string;
  /** Create an alias record for `domainName` to the load balancer in this zone. @default no record: point the name at `loadBalancer` yourself */
  readonly hostedZone?: route53.IHostedZone;
  /** Who may reach the load balancer on 443, e.g. Firehose's published ranges of the region. @default ["0.0.0.0/0"] (the access key guards it) */
  readonly allowedIpv4Cidrs?: readonly string[];
  /** The access key secret, `{"api_key": "…"}` as Firehose stores it. @default a new secret with a generated key */
  readonly accessKeySecret?: secretsmanager.ISecret;
  /** Firehose's buffer interval. @default Duration.seconds(60) */
  readonly bufferingInterval?: Duration;
  /** Firehose's buffer size (1 to 64 MiB). @default Size.mebibytes(1) */
  readonly bufferingSize?: Size;
  /** How long Firehose retries a delivery serve did not acknowledge (at most 2 hours). @default Duration.hours(2) */
  readonly retryDuration?: Duration;
  /** Bucket for the records Firehose could not deliver. @default a new bucket, encrypted, TLS-only, private */
  readonly backupBucket?: s3.IBucket;
  /** Deliver this VPC's flow logs to the stream directly (LogDestinationType kinesis-data-firehose). @default none */
  readonly flowLogsFrom?: ec2.IVpc;
  /** Or subscribe the stream to this flow-log group (a CloudWatch Logs subscription filter). @default none */
  readonly logGroup?: logs.ILogGroup;
  /** The log format of `logGroup`'s flow log. @default flowlens's format (flowLensLogFormat()) */
  readonly logGroupFormat?: string;
  /** The flowlens image (entrypoint `flowlens`). @default `ghcr.io/flowlens/flowlens:<version>` (FLOWLENS_IMAGE_NAME) */
  readonly image?: ecs.ContainerImage;
  /** Task CPU units. @default 1024 */
  readonly cpu?: number;
  /** Task memory in MiB. @default 2048 */
  readonly memoryLimitMiB?: number;
  /** Retention of serve's CloudWatch Logs. @default RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** The cluster to run in. @default a new cluster with Container Insights */
  readonly cluster?: ecs.ICluster;
  /** What happens to the store, the backup bucket and the logs when the stack is deleted. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

export class StreamingEndpoint extends Construct {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly service: ecs.FargateService;
  readonly deliveryStream: firehose.CfnDeliveryStream;
  readonly accessKeySecret: secretsmanager.ISecret;
  readonly backupBucket: s3.IBucket;
  readonly store: StoreVolume;
  /** `https://<domainName>/firehose` */
  readonly endpointUrl: string;
  /** The delivery stream's name (serve's `streams[].deliveryStream`). */
  readonly deliveryStreamName: string;

  constructor(scope: Construct, id: string, props: StreamingEndpointProps) {
    super(scope, id);
    checkStreamProps(this, props);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.endpointUrl = `https://${props.domainName}${FIREHOSE_PATH}`;
    this.deliveryStreamName = Names.uniqueResourceName(this, { maxLength: 64 });
    this.accessKeySecret =
      props.accessKeySecret ??
      new secretsmanager.Secret(this, "AccessKey", {
        description: "flowlens serve: the Firehose HTTP endpoint's access key",
        generateSecretString: {
          secretStringTemplate: "{}",
          generateStringKey: "api_key",
          excludePunctuation: true,
          passwordLength: 64,
        },
        removalPolicy,
      });
    this.backupBucket =
      props.backupBucket ??
      new s3.Bucket(this, "Backup", {
        encryption: s3.BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        removalPolicy,
      });
    this.deliveryStream = this.createDeliveryStream(props, removalPolicy);
    const streams = [
      ...(props.flowLogsFrom
        ? [{ deliveryStream: this.deliveryStreamName, logFormat: flowLensLogFormat() }]
        : []),
      ...(props.logGroup
        ? [{ logGroup: props.logGroup.logGroupName, logFormat: props.logGroupFormat ?? flowLensLogFormat() }]
        : []),
    ];
    const cluster =
      props.cluster ??
      new ecs.Cluster(this, "Cluster", {
        vpc: props.vpc,
        containerInsightsV2: ecs.ContainerInsights.ENABLED,
      });
    const taskDefinition = new ecs.FargateTaskDefinition(this, "Task", {
      cpu: props.cpu ?? 1024,
      memoryLimitMiB: props.memoryLimitMiB ?? 2048,
    });
    const logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy,
    });
    const logging = ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: "serve" });
    const image = props.image ?? defaultFlowLensImage();
    const config = addConfigContainer(taskDefinition, {
      image,
      logging,
      settings: {
        db: `${STORE_DIR}/flowlens.duckdb`,
        serve: {
          firehosePath: FIREHOSE_PATH,
          // Off loopback the dashboard needs a credential of its own: this endpoint is for Firehose only.
          dashboard: { enabled: false },
          ...(streams.length > 0 ? { streams } : {}),
        },
      },
    });
    const serve = taskDefinition.addContainer("serve", {
      image,
      essential: true,
      command: ["--config", CONFIG_FILE, "serve", "--host", "0.0.0.0", "--port", `${SERVE_PORT}`],
      secrets: { FLOWLENS_SERVE_ACCESS_KEY: ecs.Secret.fromSecretsManager(this.accessKeySecret, "api_key") },
      portMappings: [{ containerPort: SERVE_PORT }],
      logging,
      stopTimeout: Duration.seconds(120),
    });
    mountConfigFile(serve, config);
    Validations.of(taskDefinition).acknowledge({
      id: "CloudFormation-Validate::E1029",
      reason:
        "The ${field} tokens are a flowlens log format in serve's settings, not CloudFormation parameters.",
    });

    const securityGroup = new ec2.SecurityGroup(this, "ServiceSecurityGroup", {
      vpc: props.vpc,
      description: "flowlens serve: from its load balancer, out to its store",
      allowAllOutbound: true,
    });
    this.store = new StoreVolume(this, "Store", {
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      removalPolicy,
    });
    this.store.mountIn(taskDefinition, [serve], securityGroup);
    this.service = new ecs.FargateService(this, "Service", {
      cluster,
      taskDefinition,
      desiredCount: 1,
      // Never two tasks on one store: the old one stops before the new one starts.
      minHealthyPercent: 0,
      maxHealthyPercent: 100,
      circuitBreaker: { rollback: true },
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [securityGroup],
      assignPublicIp: false,
    });
    this.loadBalancer = this.createLoadBalancer(props);
    if (props.hostedZone) {
      new route53.ARecord(this, "Alias", {
        zone: props.hostedZone,
        recordName: props.domainName,
        target: route53.RecordTarget.fromAlias(new route53Targets.LoadBalancerTarget(this.loadBalancer)),
      });
    }
    if (props.flowLogsFrom) {
      new ec2.CfnFlowLog(this, "FlowLog", {
        resourceId: props.flowLogsFrom.vpcId,
        resourceType: "VPC",
        trafficType: "ALL",
        logDestinationType: "kinesis-data-firehose",
        logDestination: this.deliveryStream.attrArn,
        logFormat: flowLensLogFormat(),
        maxAggregationInterval: 60,
      });
    }
    if (props.logGroup) this.subscribe(props.logGroup);
  }

  private createLoadBalancer(props: StreamingEndpointProps): elbv2.ApplicationLoadBalancer {
    const loadBalancer = new elbv2.ApplicationLoadBalancer(this, "LoadBalancer", {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      dropInvalidHeaderFields: true,
    });
    const listener = loadBalancer.addListener("Https", {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [elbv2.ListenerCertificate.fromCertificateManager(props.certificate)],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      open: false,
    });
    for (const cidr of props.allowedIpv4Cidrs ?? ["0.0.0.0/0"]) {
      listener.connections.allowDefaultPortFrom(ec2.Peer.ipv4(cidr), "Firehose HTTP endpoint deliveries");
    }
    listener.addTargets("Serve", {
      port: SERVE_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [this.service],
      healthCheck: { path: "/healthz", healthyHttpCodes: "200" },
      deregistrationDelay: Duration.seconds(30),
    });
    return loadBalancer;
  }

  private createDeliveryStream(props: StreamingEndpointProps, removalPolicy: RemovalPolicy) {
    const stack = Stack.of(this);
    const role = new iam.Role(this, "DeliveryRole", {
      assumedBy: new iam.ServicePrincipal("firehose.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": stack.account } },
      }),
    });
    const errors = new logs.LogGroup(this, "DeliveryErrors", {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy,
    });
    const errorStream = errors.addStream("HttpEndpointDelivery");
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          "s3:AbortMultipartUpload",
          "s3:GetBucketLocation",
          "s3:GetObject",
          "s3:ListBucket",
          "s3:ListBucketMultipartUploads",
          "s3:PutObject",
        ],
        resources: [this.backupBucket.bucketArn, this.backupBucket.arnForObjects("*")],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ["secretsmanager:GetSecretValue"],
        resources: [this.accessKeySecret.secretFullArn ?? `${this.accessKeySecret.secretArn}-??????`],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ["logs:PutLogEvents"],
        resources: [
          stack.formatArn({
            service: "logs",
            resource: "log-group",
            resourceName: `${errors.logGroupName}:log-stream:${errorStream.logStreamName}`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    const interval = (props.bufferingInterval ?? Duration.seconds(60)).toSeconds();
    const size = (props.bufferingSize ?? Size.mebibytes(1)).toMebibytes();
    const retry = (props.retryDuration ?? Duration.hours(2)).toSeconds();
    const stream = new firehose.CfnDeliveryStream(this, "DeliveryStream", {
      // A name known at synth, so serve's settings name the stream without a deploy-time token.
      deliveryStreamName: this.deliveryStreamName,
      deliveryStreamType: "DirectPut",
      deliveryStreamEncryptionConfigurationInput: { keyType: "AWS_OWNED_CMK" },
      httpEndpointDestinationConfiguration: {
        endpointConfiguration: { name: "flowlens", url: this.endpointUrl },
        secretsManagerConfiguration: {
          enabled: true,
          secretArn: this.accessKeySecret.secretArn,
          roleArn: role.roleArn,
        },
        requestConfiguration: { contentEncoding: "GZIP" },
        bufferingHints: { intervalInSeconds: interval, sizeInMBs: size },
        retryOptions: { durationInSeconds: retry },
        roleArn: role.roleArn,
        s3BackupMode: "FailedDataOnly",
        s3Configuration: {
          bucketArn: this.backupBucket.bucketArn,
          roleArn: role.roleArn,
          prefix: "failed/",
          errorOutputPrefix: "errors/",
          compressionFormat: "GZIP",
        },
        cloudWatchLoggingOptions: {
          enabled: true,
          logGroupName: errors.logGroupName,
          logStreamName: errorStream.logStreamName,
        },
      },
      // Flow logs deliver only to streams tagged so.
      tags: [{ key: "LogDeliveryEnabled", value: "true" }],
    });
    stream.node.addDependency(role);
    return stream;
  }

  /** A subscription filter sending every event of `logGroup` to the stream. */
  private subscribe(logGroup: logs.ILogGroup): void {
    const stack = Stack.of(this);
    const role = new iam.Role(this, "SubscriptionRole", {
      assumedBy: new iam.ServicePrincipal("logs.amazonaws.com", {
        conditions: {
          StringEquals: { "aws:SourceAccount": stack.account },
          ArnLike: { "aws:SourceArn": logGroup.logGroupArn },
        },
      }),
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ["firehose:PutRecord", "firehose:PutRecordBatch"],
        resources: [this.deliveryStream.attrArn],
      }),
    );
    const filter = new logs.CfnSubscriptionFilter(this, "Subscription", {
      logGroupName: logGroup.logGroupName,
      filterPattern: "",
      destinationArn: this.deliveryStream.attrArn,
      roleArn: role.roleArn,
    });
    filter.node.addDependency(role);
  }
}

function checkStreamProps(scope: Construct, props: StreamingEndpointProps): void {
  if (props.flowLogsFrom && props.logGroup) {
    refuseProp(scope, "flowLogsFrom | logGroup", "one source (each record would arrive twice)", "both");
  }
  const interval = (props.bufferingInterval ?? Duration.seconds(60)).toSeconds();
  if (interval < 0 || interval > 900) {
    refuseProp(scope, "bufferingInterval", "0 to 900 seconds (Firehose's range)", `${interval} seconds`);
  }
  const size = (props.bufferingSize ?? Size.mebibytes(1)).toMebibytes();
  if (size < 1 || size > 64)
    refuseProp(scope, "bufferingSize", "1 to 64 MiB (Firehose's range)", `${size} MiB`);
  const retry = (props.retryDuration ?? Duration.hours(2)).toSeconds();
  if (retry < 0 || retry > 7200) {
    refuseProp(scope, "retryDuration", "0 to 7200 seconds (Firehose's range)", `${retry} seconds`);
  }
  if (!/^[A-Za-z0-9.-]+$/.test(props.domainName)) {
    refuseProp(
      scope,
      "domainName",
      'a host name such as "flowlens.example.com"',
      JSON.stringify(props.domainName),
    );
  }
}
