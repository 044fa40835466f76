/**
 * What every AWS client takes from flowlens's own options: the region, an endpoint URL (checked), a
 * profile name (refused when it is a credential) and explicit credentials. Keys are left out rather than
 * set to undefined, so the SDK's own resolution (environment, shared config, profile) still applies.
 */
import { refuseCredential } from "../secrets/credential-shape.js";
import { checkEndpointUrl } from "./check-endpoint-url.js";

export interface AwsClientOptions<Credentials> {
  readonly region?: string;
  readonly endpointUrl?: string;
  readonly profile?: string;
  readonly credentials?: Credentials;
}

/** The service as an endpoint error names it, and an endpoint URL to suggest. */
export interface EndpointKind {
  readonly what: string;
  readonly example: string;
}

/** @throws FlowlensError FLOWLENS_USAGE when endpointUrl is not an http(s) URL or the profile is a credential */
export function awsClientConfig<Credentials>(options: AwsClientOptions<Credentials>, endpoint: EndpointKind) {
  const { region, endpointUrl, profile, credentials } = options;
  refuseCredential(profile, "the AWS profile", "a profile name from ~/.aws/config");
  if (endpointUrl !== undefined) checkEndpointUrl(endpointUrl, endpoint.what, endpoint.example);
  return {
    ...(region === undefined ? {} : { region }),
    ...(endpointUrl === undefined ? {} : { endpoint: endpointUrl }),
    ...(profile === undefined ? {} : { profile }),
    ...(credentials === undefined ? {} : { credentials }),
  };
}
