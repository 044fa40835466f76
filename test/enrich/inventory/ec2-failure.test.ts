import { describe, expect, it } from "vitest";
import { ec2Failure } from "../../../src/enrich/inventory/ec2-failure.js";

const DESCRIBE_SUBNETS = { what: "subnets", action: "DescribeSubnets" };

/** An error shaped as the SDK throws for an EC2 error response. */
function serviceError(name: string, message: string, status: number): Error {
  const error = new Error(message) as Error & Record<string, unknown>;
  error.name = name;
  error.$fault = status >= 500 ? "server" : "client";
  error.$metadata = { httpStatusCode: status, requestId: "req-1" };
  return error;
}

describe("EC2 failures", () => {
  it("says which permission to allow when EC2 refuses a call", () => {
    const failure = ec2Failure(
      serviceError("UnauthorizedOperation", "not authorized", 403),
      DESCRIBE_SUBNETS,
      "eu-west-1",
    );
    expect(failure.sentence).toBe(
      "cannot describe subnets in eu-west-1: UnauthorizedOperation — allow ec2:DescribeSubnets",
    );
  });

  it("points at the credentials when EC2 does not recognise them", () => {
    const failure = ec2Failure(
      serviceError("AuthFailure", "AWS was not able to validate the provided access credentials", 401),
      DESCRIBE_SUBNETS,
      "us-east-1",
    );
    expect(failure.sentence).toBe(
      "cannot describe subnets in us-east-1: AuthFailure — check the AWS credentials in use (--profile, AWS_PROFILE, AWS_ACCESS_KEY_ID, ~/.aws/credentials)",
    );
  });

  it("says the region is not enabled when EC2 asks to opt in", () => {
    const failure = ec2Failure(serviceError("OptInRequired", "opt in", 401), DESCRIBE_SUBNETS, "ap-east-1");
    expect(failure.hint).toBe(
      "region ap-east-1 is not enabled for this account; enable it or leave it out of --regions",
    );
  });

  it("names the network error and the endpoint settings when EC2 cannot be reached", () => {
    const error = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    expect(ec2Failure(error, DESCRIBE_SUBNETS, "us-east-1").sentence).toBe(
      "cannot describe subnets in us-east-1: cannot reach EC2 (connect ECONNREFUSED 127.0.0.1:9) — check the network connection, any proxy, and the EC2 endpoint (AWS_ENDPOINT_URL_EC2, --endpoint-url)",
    );
  });

  it("keeps access key ids and the signed request out of the message and the cause", () => {
    const error = serviceError("AuthFailure", "key AKIAIOSFODNN7EXAMPLE is not valid", 401);
    Object.assign(error, {
      $response: { headers: { authorization: "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/…" } },
    });
    const failure = ec2Failure(error, DESCRIBE_SUBNETS, "us-east-1");
    const cause = failure.cause as Error;
    expect(
      JSON.stringify({ message: failure.message, cause: cause.message, all: Object.entries(cause) }),
    ).not.toContain("AKIAIOSFODNN7EXAMPLE");
    expect(cause.message).toBe("key [access key id] is not valid (HTTP 401, request id req-1)");
  });
});
