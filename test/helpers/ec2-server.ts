/**
 * A local EC2 Query API on 127.0.0.1 for tests: it answers the describe calls an inventory sync makes
 * (POST, form-encoded `Action=DescribeSubnets&Version=2016-11-15&…`) with EC2's documented XML response
 * shapes, serving a fixture estate per region (the region is read from the request's SigV4 credential
 * scope). It pages with MaxResults/NextToken, can be told to page smaller than asked, and can answer a
 * call with an EC2 error response. The real EC2Client points at it through `endpoint`. Start one per test
 * and close it in the same test.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** An element's children by name; arrays become `<item>` lists, as in every EC2 `…Set`. */
export interface XmlObject {
  readonly [element: string]: XmlValue;
}
export type XmlValue = string | number | boolean | undefined | XmlObject | readonly XmlValue[];

/** One region's resources, each list under the element name its describe response uses. */
export interface Ec2RegionFixture {
  readonly availabilityZoneInfo?: readonly XmlObject[];
  readonly vpcSet?: readonly XmlObject[];
  readonly subnetSet?: readonly XmlObject[];
  readonly routeTableSet?: readonly XmlObject[];
  readonly networkInterfaceSet?: readonly XmlObject[];
  readonly natGatewaySet?: readonly XmlObject[];
  readonly vpcEndpointSet?: readonly XmlObject[];
}

/** The describe actions served, and the element each one's list comes in. */
export const DESCRIBE_ACTIONS = {
  DescribeAvailabilityZones: "availabilityZoneInfo",
  DescribeVpcs: "vpcSet",
  DescribeSubnets: "subnetSet",
  DescribeRouteTables: "routeTableSet",
  DescribeNetworkInterfaces: "networkInterfaceSet",
  DescribeNatGateways: "natGatewaySet",
  DescribeVpcEndpoints: "vpcEndpointSet",
} as const satisfies Record<string, keyof Ec2RegionFixture>;

export type DescribeAction = keyof typeof DESCRIBE_ACTIONS;

/** An EC2 error answer, e.g. 403 UnauthorizedOperation. */
export interface Ec2ErrorAnswer {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

export interface Ec2ServerOptions {
  /** Fixture estate per region; a region not listed has no resources. */
  readonly regions: Readonly<Record<string, Ec2RegionFixture>>;
  /** Items per page for an action, whatever MaxResults asks for. @default MaxResults, else all */
  readonly pageSize?: Partial<Record<DescribeAction, number>>;
  /** Actions answered with an error instead. @default none */
  readonly failures?: Partial<Record<DescribeAction, Ec2ErrorAnswer>>;
}

export interface Ec2Request {
  readonly action: string;
  readonly region: string;
  /** The access key id the request was signed with. */
  readonly accessKeyId: string;
  /** The form parameters other than Action and Version, e.g. MaxResults and NextToken. */
  readonly params: Readonly<Record<string, string>>;
}

export interface Ec2Server {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Every request answered, in order. */
  readonly requests: Ec2Request[];
  close(): Promise<void>;
}

/** Credentials the server accepts (it checks none). */
export const EC2_TEST_CREDENTIALS = {
  accessKeyId: "AKIAFLOWLENSTEST0001",
  secretAccessKey: "flowlens-test-secret-key",
} as const;

const NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
const CREDENTIAL_SCOPE = /Credential=([^/]+)\/\d{8}\/([^/]+)\/ec2\//;

export async function startEc2Server(options: Ec2ServerOptions): Promise<Ec2Server> {
  const requests: Ec2Request[] = [];
  const server = createServer((request, response) => {
    answer(request, response, options, requests).catch((error: unknown) => {
      response.writeHead(500, { "content-type": "text/plain" }).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  let closed = false;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      if (closed) return;
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function answer(
  request: IncomingMessage,
  response: ServerResponse,
  options: Ec2ServerOptions,
  requests: Ec2Request[],
): Promise<void> {
  let body = "";
  for await (const chunk of request) body += chunk;
  const form = Object.fromEntries(new URLSearchParams(body));
  const { Action: action = "", Version: _version, ...params } = form;
  const [, accessKeyId = "", region = ""] = CREDENTIAL_SCOPE.exec(request.headers.authorization ?? "") ?? [];
  requests.push({ action, region, accessKeyId, params });
  const failure = options.failures?.[action as DescribeAction];
  if (failure) return sendError(response, failure);
  if (!(action in DESCRIBE_ACTIONS)) {
    return sendError(response, {
      status: 400,
      code: "InvalidAction",
      message: `The action ${action} is not valid for this web service.`,
    });
  }
  const setName = DESCRIBE_ACTIONS[action as DescribeAction];
  const items = options.regions[region]?.[setName] ?? [];
  const asked = params.MaxResults === undefined ? items.length : Number(params.MaxResults);
  const size = Math.max(1, Math.min(asked, options.pageSize?.[action as DescribeAction] ?? asked));
  const start = params.NextToken === undefined ? 0 : Number(params.NextToken.replace("page-", ""));
  const page = items.slice(start, start + size);
  const next = start + size < items.length ? `page-${start + size}` : undefined;
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${NAMESPACE}">` +
    `<requestId>${randomUUID()}</requestId>${element(setName, page)}${element("nextToken", next)}` +
    `</${action}Response>`;
  response.writeHead(200, { "content-type": "text/xml;charset=UTF-8" }).end(xml);
}

function sendError(response: ServerResponse, failure: Ec2ErrorAnswer): void {
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(failure.code)}</Code>` +
    `<Message>${escapeXml(failure.message)}</Message></Error></Errors><RequestID>${randomUUID()}</RequestID></Response>`;
  response.writeHead(failure.status, { "content-type": "text/xml;charset=UTF-8" }).end(xml);
}

function element(name: string, value: XmlValue): string {
  if (value === undefined) return "";
  if (Array.isArray(value))
    return `<${name}>${value.map((item) => element("item", item)).join("")}</${name}>`;
  if (typeof value === "object") {
    const children = Object.entries(value as XmlObject).map(([child, v]) => element(child, v));
    return `<${name}>${children.join("")}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
