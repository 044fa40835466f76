/** What the construct tests share: a stack with a known account and region, and a VPC with known IDs. */
import { App, Stack } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";

export const ACCOUNT = "111111111111";
export const REGION = "us-east-1";

export function testStack(id = "Test"): Stack {
  return new Stack(new App(), id, { env: { account: ACCOUNT, region: REGION } });
}

/** Two AZs, a public and a private subnet in each, every ID and route table given (no lookups, no tokens). */
export function knownVpc(stack: Stack): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, "Vpc", {
    vpcId: "vpc-0123456789abcdef0",
    availabilityZones: ["us-east-1a", "us-east-1b"],
    publicSubnetIds: ["subnet-0000000000000aaa1", "subnet-0000000000000bbb1"],
    publicSubnetRouteTableIds: ["rtb-0000000000000aaa1", "rtb-0000000000000bbb1"],
    privateSubnetIds: ["subnet-0000000000000aaa2", "subnet-0000000000000bbb2"],
    privateSubnetRouteTableIds: ["rtb-0000000000000aaa2", "rtb-0000000000000bbb2"],
  });
}
