/**
 * The flowlens store on EFS, so history, baselines and the ledger survive between tasks: an encrypted file
 * system, an access point owned by the image's user, mounted with TLS and IAM authorisation at /data.
 */
import { RemovalPolicy } from "aws-cdk-lib";
import type * as ec2 from "aws-cdk-lib/aws-ec2";
import type * as ecs from "aws-cdk-lib/aws-ecs";
import * as efs from "aws-cdk-lib/aws-efs";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";

/** Where the store is mounted in the containers. */
export const STORE_DIR = "/data";
/** The image's non-root user (node's `node` user), owner of the access point's folder. */
export const STORE_UID = "1000";
const VOLUME = "store";

export interface StoreVolumeProps {
  readonly vpc: ec2.IVpc;
  readonly vpcSubnets: ec2.SubnetSelection;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

export class StoreVolume extends Construct {
  readonly fileSystem: efs.FileSystem;
  readonly accessPoint: efs.AccessPoint;

  constructor(scope: Construct, id: string, props: StoreVolumeProps) {
    super(scope, id);
    this.fileSystem = new efs.FileSystem(this, "FileSystem", {
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      encrypted: true,
      throughputMode: efs.ThroughputMode.ELASTIC,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.accessPoint = this.fileSystem.addAccessPoint("AccessPoint", {
      path: "/flowlens",
      createAcl: { ownerUid: STORE_UID, ownerGid: STORE_UID, permissions: "750" },
      posixUser: { uid: STORE_UID, gid: STORE_UID },
    });
  }

  /** Adds the volume to the task, mounts it at STORE_DIR in each container and lets the task role mount it. */
  mountIn(
    taskDefinition: ecs.TaskDefinition,
    containers: readonly ecs.ContainerDefinition[],
    from: ec2.IConnectable,
  ) {
    taskDefinition.addVolume({
      name: VOLUME,
      efsVolumeConfiguration: {
        fileSystemId: this.fileSystem.fileSystemId,
        transitEncryption: "ENABLED",
        authorizationConfig: { accessPointId: this.accessPoint.accessPointId, iam: "ENABLED" },
      },
    });
    for (const container of containers) {
      container.addMountPoints({ sourceVolume: VOLUME, containerPath: STORE_DIR, readOnly: false });
    }
    taskDefinition.addToTaskRolePolicy(
      new iam.PolicyStatement({
        actions: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
        resources: [this.fileSystem.fileSystemArn],
        conditions: { StringEquals: { "elasticfilesystem:AccessPointArn": this.accessPoint.accessPointArn } },
      }),
    );
    this.fileSystem.connections.allowDefaultPortFrom(from, "flowlens tasks mount the store");
  }
}
