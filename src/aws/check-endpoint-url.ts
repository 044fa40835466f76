/** Checks an endpoint URL given for an AWS-compatible API (S3 store, EC2 stand-in) before any call. */
import { FlowlensError } from "../errors.js";

/** The URL as it may be shown: without any user:password part. */
function shown(endpointUrl: string): string {
  return URL.canParse(endpointUrl) ? endpointUrl.replace(/\/\/[^/@]*@/, "//") : endpointUrl;
}

/**
 * @param service what the endpoint serves, for the hint ("S3-compatible store")
 * @param example an example address ("http://127.0.0.1:9000")
 */
export function checkEndpointUrl(endpointUrl: string, service: string, example: string): void {
  const protocol = URL.canParse(endpointUrl) ? new URL(endpointUrl).protocol : "";
  if (protocol !== "http:" && protocol !== "https:") {
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      `endpoint URL "${shown(endpointUrl)}" is not an http(s) URL: expected e.g. ${example}`,
      { hint: `give the ${service}'s address including http:// or https://` },
    );
  }
}
