import { describe, expect, it } from "vitest";
import { type EniFacts, eniKind, eniResourceId } from "../../../src/enrich/inventory/eni-kind.js";

describe("ENI kind", () => {
  it.each<[string, EniFacts, string]>([
    [
      "a NAT gateway's ENI",
      { interfaceType: "nat_gateway", description: "Interface for NAT Gateway nat-0a1" },
      "nat_gateway",
    ],
    ["a NAT gateway's ENI as the SDK enum spells it", { interfaceType: "natGateway" }, "nat_gateway"],
    ["an interface endpoint's ENI", { interfaceType: "vpc_endpoint" }, "interface_endpoint"],
    [
      "a GWLB endpoint's ENI",
      { interfaceType: "gateway_load_balancer_endpoint" },
      "gateway_load_balancer_endpoint",
    ],
    ["a Transit Gateway attachment's ENI", { interfaceType: "transit_gateway" }, "transit_gateway"],
    ["a Lambda function's ENI", { interfaceType: "lambda" }, "lambda"],
    [
      "an NLB's ENI",
      { interfaceType: "network_load_balancer", description: "ELB net/api/7f2e" },
      "load_balancer",
    ],
    [
      "an ALB's ENI by its description",
      { interfaceType: "interface", description: "ELB app/web/50dc" },
      "load_balancer",
    ],
    [
      "a classic ELB's ENI by its requester",
      { interfaceType: "interface", description: "", requesterId: "amazon-elb" },
      "load_balancer",
    ],
    [
      "an older Lambda ENI by its description",
      { interfaceType: "interface", description: "AWS Lambda VPC ENI-fn-1" },
      "lambda",
    ],
    [
      "an ECS task's ENI even when attached to the container instance",
      {
        interfaceType: "interface",
        description: "arn:aws:ecs:us-east-1:111111111111:attachment/7393",
        instanceId: "i-0a1",
      },
      "ecs_task",
    ],
    [
      "an instance's ENI",
      { interfaceType: "interface", description: "web", instanceId: "i-0a1" },
      "instance",
    ],
    [
      "an RDS ENI",
      { interfaceType: "interface", description: "RDSNetworkInterface", requesterId: "amazon-rds" },
      "other",
    ],
    ["a detached ENI", {}, "other"],
  ])("classifies %s", (_name, facts, kind) => {
    expect(eniKind(facts)).toBe(kind);
  });

  it("reads the resource from what the managing service wrote on the ENI", () => {
    expect([
      eniResourceId("nat_gateway", { description: "Interface for NAT Gateway nat-00c1e29608a587f7e" }),
      eniResourceId("load_balancer", { description: "ELB app/web-public-alb/50dc6c495c0c9188" }),
      eniResourceId("lambda", {
        description: "AWS Lambda VPC ENI-thumbnailer-6f1c2a7e-93b4-4d0a-8a55-0c1e2d3f4a5b",
      }),
      eniResourceId("instance", { instanceId: "i-0a91501485e57c3aa" }),
      eniResourceId("other", { description: "RDSNetworkInterface" }),
    ]).toEqual([
      "nat-00c1e29608a587f7e",
      "app/web-public-alb/50dc6c495c0c9188",
      "thumbnailer",
      "i-0a91501485e57c3aa",
      null,
    ]);
  });
});
