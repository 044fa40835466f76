import { describe, expect, it } from "vitest";
import { DEMO_ESTATE } from "../../../src/sources/demo/estate.js";
import { buildInventory } from "../../../src/sources/demo/inventory.js";

const inventory = buildInventory(DEMO_ESTATE, { logFormat: "${version}" });

describe("demo inventory", () => {
  it("maps the same AZ names to different AZ IDs in the two accounts", () => {
    const [platform, data] = inventory.accounts;
    expect(platform?.azIds).toEqual({
      "us-east-1a": "use1-az1",
      "us-east-1b": "use1-az2",
      "us-east-1c": "use1-az4",
    });
    expect(data?.azIds).toEqual({
      "us-east-1a": "use1-az4",
      "us-east-1b": "use1-az1",
      "us-east-1c": "use1-az2",
    });
  });

  it("puts a public and a private subnet in each of three AZ IDs, named in the VPC owner's account", () => {
    const byAz = inventory.subnets.map(
      (s) => `${s.azId} ${s.azName} ${s.public ? "public" : "private"} ${s.cidr}`,
    );
    expect(byAz.sort()).toEqual([
      "use1-az1 us-east-1a private 10.0.16.0/20",
      "use1-az1 us-east-1a public 10.0.0.0/24",
      "use1-az2 us-east-1b private 10.0.32.0/20",
      "use1-az2 us-east-1b public 10.0.1.0/24",
      "use1-az4 us-east-1c private 10.0.48.0/20",
      "use1-az4 us-east-1c public 10.0.2.0/24",
    ]);
  });

  it("associates the S3 gateway endpoint with the use1-az1 and use1-az2 private route tables only", () => {
    const withEndpoint = inventory.subnets.filter((s) => s.usesS3GatewayEndpoint).map((s) => s.azId);
    expect(withEndpoint.sort()).toEqual(["use1-az1", "use1-az2"]);
    const gateway = inventory.vpcEndpoints.find((e) => e.type === "Gateway");
    expect(gateway?.service).toBe("com.amazonaws.us-east-1.s3");
    const privateTables = inventory.subnets.filter((s) => s.usesS3GatewayEndpoint).map((s) => s.routeTable);
    expect(gateway?.routeTables).toEqual(privateTables);
  });

  it("has one NAT gateway in use1-az1 whose ENI is requester-managed", () => {
    const [nat] = inventory.natGateways;
    expect(nat?.azId).toBe("use1-az1");
    const eni = inventory.networkInterfaces.find((e) => e.id === nat?.networkInterface);
    expect(eni).toMatchObject({ kind: "nat_gateway", instanceId: null, privateIps: [nat?.privateIp] });
    expect(eni?.resourceId).toBe(nat?.id);
  });

  it("lists ENIs of both accounts with their kind, resource and addresses", () => {
    const kinds = new Set(inventory.networkInterfaces.map((e) => e.kind));
    expect([...kinds].sort()).toEqual([
      "ecs_task",
      "instance",
      "interface_endpoint",
      "lambda",
      "load_balancer",
      "nat_gateway",
    ]);
    const owners = new Set(inventory.networkInterfaces.map((e) => e.ownerAccount));
    expect([...owners].sort()).toEqual(["111111111111", "222222222222"]);
    const ids = inventory.networkInterfaces.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const eni of inventory.networkInterfaces) {
      expect(eni.id).toMatch(/^eni-[0-9a-f]{17}$/);
      if (eni.kind === "instance") expect(eni.instanceId).toMatch(/^i-[0-9a-f]{17}$/);
    }
  });
});
