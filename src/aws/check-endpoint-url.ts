/**
 * Checks an endpoint URL given for an AWS-compatible API (S3 store, EC2 stand-in) before any call: an
 * http:// or https:// URL. The config schema (`s3.endpointUrl`) and the clients use this one rule.
 */
import { FlowlensError } from "../errors.js";

/** The URL as it may be shown: without any user:password part. */
export function shownEndpointUrl(endpointUrl: string): string {
  return URL.canParse(endpointUrl) ? endpointUrl.replace(/\/\/[^/@]*@/, "//") : endpointUrl;
}

/** Whether the endpoint is an http(s) URL, the only kind the AWS SDK can call. */
export function isHttpEndpointUrl(endpointUrl: string): boolean {
  const protocol = URL.canParse(endpointUrl) ? new URL(endpointUrl).protocol : "";
  return protocol === "http:" || protocol === "https:";
}

/**
 * @param service what the endpoint serves, for the hint ("S3-compatible store")
 * @param example an example address ("http://127.0.0.1:9000")
 */
export function checkEndpointUrl(endpointUrl: string, service: string, example: string): void {
  if (!isHttpEndpointUrl(endpointUrl)) {
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      `endpoint URL "${shownEndpointUrl(endpointUrl)}" is not an http(s) URL: expected e.g. ${example}`,
      { hint: `give the ${service}'s address including http:// or https://` },
    );
  }
}
