import { describe, expect, it } from "vitest";
import { FlowlensError } from "../../../src/errors.js";
import { s3Failure } from "../../../src/sources/s3/s3-failure.js";

/** An error shaped like the SDK's S3ServiceException. */
function serviceError(name: string, message: string, status: number): Error {
  return Object.assign(new Error(message), {
    name,
    $metadata: { httpStatusCode: status, requestId: "REQ123" },
  });
}

function sentenceOf(error: unknown): string {
  if (error instanceof FlowlensError) return error.sentence;
  throw new Error(`not a FlowlensError: ${String(error)}`);
}

describe("s3Failure", () => {
  it("points a listing refused by S3 at s3:ListBucket", () => {
    const error = s3Failure(serviceError("AccessDenied", "Access Denied", 403), "list", "s3://b-1/AWSLogs/");

    expect(error).toMatchObject({ code: "FLOWLENS_S3_FAILED" });
    expect(sentenceOf(error)).toBe(
      "cannot list s3://b-1/AWSLogs/: AccessDenied (Access Denied) — check the role's s3:ListBucket permission on the bucket",
    );
  });

  it("points a refused read at s3:GetObject and KMS", () => {
    const error = s3Failure(serviceError("AccessDenied", "Access Denied", 403), "read", "s3://b-1/k.log.gz");

    expect(sentenceOf(error)).toBe(
      "cannot read s3://b-1/k.log.gz: AccessDenied (Access Denied) — check the role's s3:GetObject permission (and kms:Decrypt if the bucket uses SSE-KMS)",
    );
  });

  it("treats a bare 403 like AccessDenied", () => {
    const error = s3Failure(serviceError("Forbidden", "UnknownError", 403), "list", "s3://b-1/");

    expect(sentenceOf(error)).toBe(
      "cannot list s3://b-1/: Forbidden (UnknownError) — check the role's s3:ListBucket permission on the bucket",
    );
  });

  it("asks for a fresh session when the token has expired", () => {
    const error = s3Failure(
      serviceError("ExpiredToken", "The provided token has expired.", 400),
      "list",
      "s3://b-1/",
    );

    expect(sentenceOf(error)).toBe(
      "cannot list s3://b-1/: ExpiredToken (The provided token has expired.) — the AWS session has expired; refresh it (for example with aws sso login)",
    );
  });

  it("explains missing credentials", () => {
    const missing = Object.assign(new Error("Could not load credentials from any providers"), {
      name: "CredentialsProviderError",
    });

    expect(sentenceOf(s3Failure(missing, "list", "s3://b-1/"))).toBe(
      "cannot list s3://b-1/: CredentialsProviderError (Could not load credentials from any providers) — configure AWS credentials (AWS_PROFILE, aws sso login, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)",
    );
  });

  it("asks for the bucket's region when it is in another one", () => {
    const moved = serviceError(
      "PermanentRedirect",
      "The bucket you are attempting to access must be addressed…",
      301,
    );

    expect(sentenceOf(s3Failure(moved, "list", "s3://b-1/"))).toBe(
      'cannot list s3://b-1/: PermanentRedirect (The bucket you are attempting to access must be addressed…) — the bucket "b-1" is in another region; set AWS_REGION to that region',
    );
  });

  it("asks for a region when none is configured", () => {
    expect(sentenceOf(s3Failure(new Error("Region is missing"), "list", "s3://b-1/"))).toBe(
      "cannot list s3://b-1/: Region is missing — set AWS_REGION to the bucket's region",
    );
  });

  it("keeps access key ids and the signed request out of message and cause", () => {
    const sdkError = Object.assign(
      serviceError(
        "AccessDenied",
        "User ASIAABCDEFGHIJKLMNOP is not authorized to perform: s3:ListBucket",
        403,
      ),
      { $response: { headers: { authorization: "AWS4-HMAC-SHA256 Credential=ASIAABCDEFGHIJKLMNOP/…" } } },
    );

    const error = s3Failure(sdkError, "list", "s3://b-1/") as FlowlensError;

    expect(error.message).toBe(
      "cannot list s3://b-1/: AccessDenied (User [access key id] is not authorized to perform: s3:ListBucket)",
    );
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error).message).toBe(
      "User [access key id] is not authorized to perform: s3:ListBucket (HTTP 403, request id REQ123)",
    );
    expect(JSON.stringify(error.cause, Object.getOwnPropertyNames(error.cause))).not.toContain("ASIA");
  });

  it("passes a cancellation through unchanged", () => {
    const reason = new Error("stop");
    const controller = new AbortController();
    controller.abort(reason);

    expect(s3Failure(new Error("aborted request"), "list", "s3://b-1/", controller.signal)).toBe(reason);
    const abortError = Object.assign(new Error("Request aborted"), { name: "AbortError" });
    expect(s3Failure(abortError, "read", "s3://b-1/k")).toBe(abortError);
  });
});
