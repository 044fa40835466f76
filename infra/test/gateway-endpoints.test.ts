import { Template } from "aws-cdk-lib/assertions";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as s3 from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { GatewayEndpoints } from "../src/gateway-endpoints.js";
import { knownVpc, testStack } from "./test-stack.js";

describe("GatewayEndpoints", () => {
  it("puts the S3 endpoint on the route tables of exactly the private subnets", () => {
    const stack = testStack();
    new GatewayEndpoints(stack, "Endpoints", { vpc: knownVpc(stack) });
    const template = Template.fromStack(stack);
    template.resourceCountIs("AWS::EC2::VPCEndpoint", 1);
    template.hasResourceProperties("AWS::EC2::VPCEndpoint", {
      VpcEndpointType: "Gateway",
      VpcId: "vpc-0123456789abcdef0",
      ServiceName: { "Fn::Join": ["", ["com.amazonaws.", { Ref: "AWS::Region" }, ".s3"]] },
      RouteTableIds: ["rtb-0000000000000aaa2", "rtb-0000000000000bbb2"],
    });
  });

  it("puts the endpoints on the route tables of the subnets given", () => {
    const stack = testStack();
    new GatewayEndpoints(stack, "Endpoints", {
      vpc: knownVpc(stack),
      subnets: { subnetType: ec2.SubnetType.PUBLIC },
      dynamoDb: true,
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs("AWS::EC2::VPCEndpoint", 2);
    template.hasResourceProperties("AWS::EC2::VPCEndpoint", {
      ServiceName: { "Fn::Join": ["", ["com.amazonaws.", { Ref: "AWS::Region" }, ".dynamodb"]] },
      RouteTableIds: ["rtb-0000000000000aaa1", "rtb-0000000000000bbb1"],
    });
  });

  it("leaves DynamoDB out by default", () => {
    const stack = testStack();
    new GatewayEndpoints(stack, "Endpoints", { vpc: knownVpc(stack) });
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toContain(".dynamodb");
  });

  it("restricts the S3 endpoint to the buckets named", () => {
    const stack = testStack();
    const bucket = s3.Bucket.fromBucketName(stack, "Logs", "my-flow-logs");
    new GatewayEndpoints(stack, "Endpoints", { vpc: knownVpc(stack), restrictToBuckets: [bucket] });
    Template.fromStack(stack).hasResourceProperties("AWS::EC2::VPCEndpoint", {
      PolicyDocument: {
        Statement: [
          {
            Sid: "OnlyTheseBuckets",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: "s3:*",
            Resource: [stack.resolve(bucket.bucketArn), stack.resolve(bucket.arnForObjects("*"))],
          },
        ],
      },
    });
  });

  it("refuses an empty list of buckets to restrict to", () => {
    const stack = testStack();
    expect(
      () => new GatewayEndpoints(stack, "Endpoints", { vpc: knownVpc(stack), restrictToBuckets: [] }),
    ).toThrow(
      'GatewayEndpoints "Test/Endpoints": restrictToBuckets: expected at least one bucket (leave it out for no restriction), got []',
    );
  });
});
