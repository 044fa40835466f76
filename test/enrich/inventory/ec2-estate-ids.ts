/** The IDs of the fixture estate's resources (see ec2-estate.ts), for the estate and the tests' expectations. */
export const ACCOUNT = "111122223333";
export const SHARING_ACCOUNT = "444455556666";

export const VPC = "vpc-0a000000000000001";
export const SHARED_VPC = "vpc-0b000000000000002";
export const SUBNET_PUBLIC = "subnet-0a00000000000000a";
export const SUBNET_PRIVATE_A = "subnet-0a00000000000000b";
export const SUBNET_PRIVATE_B = "subnet-0a00000000000000c";
export const SUBNET_SHARED = "subnet-0b00000000000000d";
export const RTB_PUBLIC = "rtb-0a000000000000001";
export const RTB_PRIVATE_A = "rtb-0a000000000000002";
export const RTB_MAIN = "rtb-0a000000000000003";
export const IGW = "igw-0a000000000000001";
export const NAT = "nat-0a000000000000001";
export const S3_ENDPOINT = "vpce-0a000000000000031";
export const DYNAMODB_ENDPOINT = "vpce-0a000000000000032";
export const SECRETS_ENDPOINT = "vpce-0a000000000000041";
export const GWLB_ENDPOINT = "vpce-0a000000000000051";

export const eni = (n: number) => `eni-0a0000000000000${n.toString(16).padStart(2, "0")}`;
