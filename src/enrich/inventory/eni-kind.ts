/**
 * What an ENI is, from what EC2 says about it. The rules are data, tried in this order; the first match
 * wins:
 *
 * 1. `InterfaceType` (set by the service that created the ENI): see BY_INTERFACE_TYPE.
 * 2. `Description` patterns that services write on ENIs they manage: see BY_DESCRIPTION (an ELB's
 *    `ELB app/…`, `ELB net/…`, `ELB gwy/…` or classic `ELB name`, an ECS task's `arn:aws:ecs:…`, …).
 * 3. `RequesterId` of a few managing services: see BY_REQUESTER.
 * 4. `Attachment.InstanceId`: an ENI attached to an instance is `instance`.
 * 5. Anything else is `other` (RDS, EFS, EKS control plane, detached ENIs, …).
 *
 * ECS tasks come before instances because an awsvpc task's ENI on EC2 is attached to the container
 * instance, and is still the task's.
 */

export const ENI_KINDS = [
  "nat_gateway",
  "interface_endpoint",
  "gateway_load_balancer_endpoint",
  "load_balancer",
  "lambda",
  "ecs_task",
  "instance",
  "transit_gateway",
  "other",
] as const;

export type EniKind = (typeof ENI_KINDS)[number];

/** The fields of EC2's NetworkInterface that decide the kind. */
export interface EniFacts {
  readonly interfaceType?: string | undefined;
  readonly description?: string | undefined;
  readonly requesterId?: string | undefined;
  readonly instanceId?: string | undefined;
}

const BY_INTERFACE_TYPE: Readonly<Record<string, EniKind>> = {
  nat_gateway: "nat_gateway",
  // The SDK's NetworkInterfaceType enum spells it so; the API returns nat_gateway.
  natGateway: "nat_gateway",
  vpc_endpoint: "interface_endpoint",
  gateway_load_balancer_endpoint: "gateway_load_balancer_endpoint",
  load_balancer: "load_balancer",
  network_load_balancer: "load_balancer",
  gateway_load_balancer: "load_balancer",
  lambda: "lambda",
  transit_gateway: "transit_gateway",
};

const BY_DESCRIPTION: readonly (readonly [RegExp, EniKind])[] = [
  [/^Interface for NAT Gateway nat-/, "nat_gateway"],
  [/^VPC Endpoint Interface vpce-/, "interface_endpoint"],
  [/^ELB /, "load_balancer"],
  [/^AWS Lambda VPC ENI/, "lambda"],
  [/^arn:aws[a-z-]*:ecs:/, "ecs_task"],
  [/^Network Interface for Transit Gateway Attachment tgw-attach-/, "transit_gateway"],
];

const BY_REQUESTER: Readonly<Record<string, EniKind>> = {
  "amazon-elb": "load_balancer",
};

/**
 * @example eniKind({ interfaceType: "interface", description: "ELB app/web/50dc6c495c0c9188" }) // "load_balancer"
 */
export function eniKind(facts: EniFacts): EniKind {
  const byType = facts.interfaceType === undefined ? undefined : BY_INTERFACE_TYPE[facts.interfaceType];
  if (byType) return byType;
  const description = facts.description ?? "";
  const byDescription = BY_DESCRIPTION.find(([pattern]) => pattern.test(description));
  if (byDescription) return byDescription[1];
  const byRequester = facts.requesterId === undefined ? undefined : BY_REQUESTER[facts.requesterId];
  if (byRequester) return byRequester;
  if (facts.instanceId) return "instance";
  return "other";
}

const RESOURCE_IN_DESCRIPTION: Partial<Record<EniKind, RegExp>> = {
  nat_gateway: /\b(nat-[0-9a-f]+)\b/,
  interface_endpoint: /\b(vpce-[0-9a-f]+)\b/,
  gateway_load_balancer_endpoint: /\b(vpce-[0-9a-f]+)\b/,
  load_balancer: /^ELB (\S+)/,
  transit_gateway: /\b(tgw-attach-[0-9a-f]+)\b/,
  // "AWS Lambda VPC ENI-<function name>-<uuid>"
  lambda: /^AWS Lambda VPC ENI-(.+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  ecs_task: /^(arn:aws[a-z-]*:ecs:\S+)$/,
};

/**
 * The resource an ENI belongs to, as far as the ENI itself says: the instance ID, the NAT gateway or
 * endpoint ID, the load balancer's `app/name/id`, the Lambda function's name, the ECS attachment ARN or
 * the Transit Gateway attachment ID. Callers that know better (a NAT gateway listing its ENI) override it.
 */
export function eniResourceId(kind: EniKind, facts: EniFacts): string | null {
  const pattern = RESOURCE_IN_DESCRIPTION[kind];
  const match = pattern?.exec(facts.description ?? "");
  if (match?.[1]) return match[1];
  return facts.instanceId || null;
}
