/**
 * `GatewayEndpoints`: the S3 (and optionally DynamoDB) gateway endpoints on the route tables of the given
 * subnets, by default the VPC's private ones. Traffic to S3 then stops going through the NAT gateway
 * (charged per GB) and uses the free endpoint: the seed pipeline's cost fix.
 */
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { refuseProp } from "./props-error.js";

export interface GatewayEndpointsProps {
  readonly vpc: ec2.IVpc;
  /** Whose route tables get the endpoints. @default the VPC's private subnets (those with a NAT route) */
  readonly subnets?: ec2.SubnetSelection;
  /** Add a DynamoDB gateway endpoint too. @default false */
  readonly dynamoDb?: boolean;
  /**
   * Restrict the S3 endpoint to these buckets (everything else in S3 is then refused from these subnets,
   * AWS's own buckets included, e.g. those ECR image layers and package repositories come from).
   * @default no restriction: the endpoint's default policy allows all of S3
   */
  readonly restrictToBuckets?: readonly s3.IBucket[];
}

export class GatewayEndpoints extends Construct {
  readonly s3Endpoint: ec2.GatewayVpcEndpoint;
  readonly dynamoDbEndpoint?: ec2.GatewayVpcEndpoint;

  constructor(scope: Construct, id: string, props: GatewayEndpointsProps) {
    super(scope, id);
    const subnets = props.subnets ?? { subnets: props.vpc.privateSubnets };
    if (props.vpc.selectSubnets(subnets).subnets.length === 0) {
      refuseProp(
        this,
        "subnets",
        "a selection with at least one subnet (the VPC has no private subnets)",
        "none",
      );
    }
    this.s3Endpoint = new ec2.GatewayVpcEndpoint(this, "S3", {
      vpc: props.vpc,
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: [subnets],
    });
    if (props.restrictToBuckets) {
      if (props.restrictToBuckets.length === 0) {
        refuseProp(this, "restrictToBuckets", "at least one bucket (leave it out for no restriction)", "[]");
      }
      this.s3Endpoint.addToPolicy(
        new iam.PolicyStatement({
          sid: "OnlyTheseBuckets",
          principals: [new iam.AnyPrincipal()],
          actions: ["s3:*"],
          resources: props.restrictToBuckets.flatMap((b) => [b.bucketArn, b.arnForObjects("*")]),
        }),
      );
    }
    if (props.dynamoDb) {
      this.dynamoDbEndpoint = new ec2.GatewayVpcEndpoint(this, "DynamoDb", {
        vpc: props.vpc,
        service: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
        subnets: [subnets],
      });
    }
  }
}
