/**
 * The checks of an inventory file that its schema cannot make: IDs listed twice, references to a VPC or
 * subnet the file does not list, and AZ IDs that disagree with the owner account's AZ name → AZ ID map.
 */
import type { InventoryFile } from "./inventory-file.js";

const SECTIONS_WITH_IDS = [
  "accounts",
  "vpcs",
  "subnets",
  "routeTables",
  "networkInterfaces",
  "natGateways",
  "vpcEndpoints",
] as const;

const SECTIONS_IN_A_VPC = [
  "subnets",
  "routeTables",
  "networkInterfaces",
  "natGateways",
  "vpcEndpoints",
] as const;

/** `$.subnets[3].azId` */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === "number" ? `${text}[${key}]` : `${text}.${String(key)}`),
    "$",
  );
}

/** Each problem as `$.path: expected …, got …`; empty when the file is consistent. */
export function referenceProblems(file: InventoryFile): string[] {
  const problems: string[] = [];
  for (const section of SECTIONS_WITH_IDS) {
    const seen = new Set<string>();
    file[section].forEach(({ id }, i) => {
      if (seen.has(id)) problems.push(`${jsonPath([section, i, "id"])}: ${id} is listed twice`);
      seen.add(id);
    });
  }
  const vpcs = new Set(file.vpcs.map((v) => v.id));
  for (const section of SECTIONS_IN_A_VPC) {
    file[section].forEach(({ vpc }, i) => {
      if (!vpcs.has(vpc)) {
        problems.push(`${jsonPath([section, i, "vpc"])}: expected a VPC listed in $.vpcs, got "${vpc}"`);
      }
    });
  }
  const accounts = new Map(file.accounts.map((a) => [a.id, a]));
  file.subnets.forEach((s, i) => {
    const mapped = accounts.get(s.ownerAccount)?.azIds[s.azName];
    if (mapped !== undefined && mapped !== s.azId) {
      problems.push(
        `${jsonPath(["subnets", i, "azId"])}: expected ${mapped} (account ${s.ownerAccount} maps ${s.azName} to it), got "${s.azId}"`,
      );
    }
  });
  const subnets = new Map(file.subnets.map((s) => [s.id, s]));
  for (const section of ["networkInterfaces", "natGateways"] as const) {
    file[section].forEach((item, i) => {
      const found = subnets.get(item.subnet);
      if (!found) {
        problems.push(
          `${jsonPath([section, i, "subnet"])}: expected a subnet listed in $.subnets, got "${item.subnet}"`,
        );
      } else if (item.azId !== undefined && item.azId !== found.azId) {
        problems.push(
          `${jsonPath([section, i, "azId"])}: expected ${found.azId} (the AZ ID of ${item.subnet}), got "${item.azId}"`,
        );
      }
    });
  }
  return problems;
}
