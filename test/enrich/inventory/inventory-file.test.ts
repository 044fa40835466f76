import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { INVENTORY_FILE_SCHEMA, parseInventoryFile } from "../../../src/enrich/inventory/inventory-file.js";
import { DEMO_ESTATE } from "../../../src/sources/demo/estate.js";
import { buildInventory } from "../../../src/sources/demo/inventory.js";

/** The demo's inventory as JSON, changed by `edit` first. */
function demoFile(edit: (inventory: ReturnType<typeof buildInventory>) => void = () => {}): string {
  const inventory = buildInventory(DEMO_ESTATE, { logFormat: "${version} ${account-id} ${interface-id}" });
  edit(inventory);
  return JSON.stringify(inventory);
}

function problemOf(text: string): string {
  try {
    parseInventoryFile(text, "inventory.json");
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the file was accepted");
}

describe("inventory file format", () => {
  it("accepts the inventory the demo writes", () => {
    const file = parseInventoryFile(demoFile(), "inventory.json");
    expect(file.networkInterfaces).toHaveLength(DEMO_ESTATE.enis.length);
    expect(file.accounts.map((a) => a.id)).toEqual(["111111111111", "222222222222"]);
  });

  it("names the JSON path, what was expected and what was given", () => {
    const text = demoFile((inventory) => {
      (inventory.subnets[3] as { azId: string }).azId = "us-east-1a";
    });
    expect(problemOf(text)).toBe(
      'inventory file inventory.json is not valid: $.subnets[3].azId: expected an AZ ID like use1-az1, got "us-east-1a"',
    );
  });

  it("names a missing field and an unknown ENI kind", () => {
    const text = demoFile((inventory) => {
      delete (inventory.vpcs[0] as { ownerAccount?: string }).ownerAccount;
      (inventory.networkInterfaces[2] as { kind: string }).kind = "alb";
    });
    expect(problemOf(text)).toBe(
      "inventory file inventory.json is not valid: $.vpcs[0].ownerAccount: missing, expected string; " +
        '$.networkInterfaces[2].kind: expected one of nat_gateway, interface_endpoint, gateway_load_balancer_endpoint, load_balancer, lambda, ecs_task, instance, transit_gateway, other, got "alb"',
    );
  });

  it("names an unknown key, so a misspelt optional field is not silently dropped", () => {
    const text = demoFile((inventory) => {
      Object.assign(inventory.networkInterfaces[0] as object, { publicIP: "3.3.3.3" });
    });
    expect(problemOf(text)).toBe(
      'inventory file inventory.json is not valid: $.networkInterfaces[0]: unknown key "publicIP"',
    );
  });

  it("rejects an ENI in a subnet the file does not list", () => {
    const text = demoFile((inventory) => {
      (inventory.networkInterfaces[1] as { subnet: string }).subnet = "subnet-0000000000000dead";
    });
    expect(problemOf(text)).toBe(
      'inventory file inventory.json is not valid: $.networkInterfaces[1].subnet: expected a subnet listed in $.subnets, got "subnet-0000000000000dead"',
    );
  });

  it("rejects a subnet whose AZ ID disagrees with its owner's AZ name → AZ ID map", () => {
    const text = demoFile((inventory) => {
      (inventory.subnets[0] as { azId: string }).azId = "use1-az6";
    });
    expect(problemOf(text)).toContain(
      '$.subnets[0].azId: expected use1-az1 (account 111111111111 maps us-east-1a to it), got "use1-az6"',
    );
  });

  it("says when the file is not JSON", () => {
    expect(problemOf("{ region: us-east-1 }")).toMatch(/^inventory file inventory.json is not JSON: /);
  });

  it("is documented field by field in the module's README", () => {
    const readme = readFileSync(new URL("../../../src/enrich/inventory/README.md", import.meta.url), "utf8");
    const sections = INVENTORY_FILE_SCHEMA.shape;
    const undocumented: string[] = [];
    for (const [section, schema] of Object.entries(sections)) {
      if (!readme.includes(`\`${section}\``)) undocumented.push(section);
      // A section is an array, or an array with a default (optional sections).
      const array = schema as {
        element?: { shape?: object };
        unwrap?: () => { element?: { shape?: object } };
      };
      const element = array.element ?? array.unwrap?.().element;
      for (const field of Object.keys(element?.shape ?? {})) {
        if (!readme.includes(`\`${section}[].${field}\``)) undocumented.push(`${section}[].${field}`);
      }
    }
    expect(undocumented).toEqual([]);
  });
});
