/** What the construct tests share: a stack with a known account and region, and a VPC with known IDs. */
import { App, Stack } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import { sharedTempDir } from "../../test/helpers/temp-dir.js";

export const ACCOUNT = "111111111111";
export const REGION = "us-east-1";

/** Its app synthesizes into a directory removed after the file's tests (CDK's default is a new `cdk.out*` in the temp dir, left behind). */
export function testStack(id = "Test"): Stack {
  const app = new App({ outdir: sharedTempDir("flowlens-cdk-") });
  return new Stack(app, id, { env: { account: ACCOUNT, region: REGION } });
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
