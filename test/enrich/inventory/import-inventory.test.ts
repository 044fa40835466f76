import { describe, expect, it } from "vitest";
import { importInventory } from "../../../src/enrich/inventory/import-inventory.js";
import { openTestStore } from "./open-store.js";
import { snapshotOf } from "./snapshots.js";

const A = "111111111111";
const B = "222222222222";
const VPC = "vpc-0a1";

const subnet = (subnetId: string, azName: string, azId: string) => ({
  subnetId,
  vpcId: VPC,
  cidr: "10.0.0.0/24",
  azName,
  azId,
});

describe("importing an inventory snapshot", () => {
  it("importing the same snapshot twice leaves the same rows", async () => {
    const store = await openTestStore();
    const snapshot = snapshotOf(A, "us-east-1", {
      subnets: [subnet("subnet-0a1", "us-east-1a", "use1-az1")],
      enis: [{ interfaceId: "eni-0a1", subnetId: "subnet-0a1", kind: "instance" }],
    });
    const first = await importInventory(store, snapshot);
    const rows = await store.rows("SELECT * FROM inventory_enis");
    const second = await importInventory(store, snapshot);
    expect(second).toEqual(first);
    expect(await store.rows("SELECT * FROM inventory_enis")).toEqual(rows);
    expect(await store.value("SELECT count(*) FROM inventory_sources")).toBe(1);
  });

  it("replaces only the rows of the snapshot's accounts and region", async () => {
    const store = await openTestStore();
    await importInventory(
      store,
      snapshotOf(A, "us-east-1", { enis: [{ interfaceId: "eni-0a1", subnetId: "s", kind: "instance" }] }),
    );
    await importInventory(
      store,
      snapshotOf(A, "eu-west-1", { enis: [{ interfaceId: "eni-0e1", subnetId: "s", kind: "instance" }] }),
    );
    await importInventory(
      store,
      snapshotOf(B, "us-east-1", { enis: [{ interfaceId: "eni-0b1", subnetId: "s", kind: "lambda" }] }),
    );
    await importInventory(
      store,
      snapshotOf(A, "us-east-1", { enis: [{ interfaceId: "eni-0a2", subnetId: "s", kind: "other" }] }),
    );
    expect(
      await store.rows("SELECT account_id, region, interface_id FROM inventory_enis ORDER BY ALL"),
    ).toEqual([
      { account_id: A, region: "eu-west-1", interface_id: "eni-0e1" },
      { account_id: A, region: "us-east-1", interface_id: "eni-0a2" },
      { account_id: B, region: "us-east-1", interface_id: "eni-0b1" },
    ]);
  });

  it("adds another account's resource only when the store has no row for it yet", async () => {
    const store = await openTestStore();
    // B's sync sees A's shared subnet, named in B's AZ names.
    const seenByB = snapshotOf(B, "us-east-1", { subnets: [subnet("subnet-0a1", "us-east-1b", "use1-az1")] });
    const subnetOwnedByA = { ...seenByB, subnets: seenByB.subnets.map((s) => ({ ...s, accountId: A })) };
    await importInventory(store, subnetOwnedByA);
    await importInventory(
      store,
      snapshotOf(A, "us-east-1", { subnets: [subnet("subnet-0a1", "us-east-1a", "use1-az1")] }),
    );
    await importInventory(store, subnetOwnedByA);
    expect(await store.rows("SELECT subnet_id, account_id, az_name FROM inventory_subnets")).toEqual([
      { subnet_id: "subnet-0a1", account_id: A, az_name: "us-east-1a" },
    ]);
  });

  it("a failed import changes nothing", async () => {
    const store = await openTestStore();
    await importInventory(
      store,
      snapshotOf(A, "us-east-1", { enis: [{ interfaceId: "eni-0a1", subnetId: "s", kind: "instance" }] }),
    );
    const broken = snapshotOf(A, "us-east-1", {
      enis: [
        { interfaceId: "eni-0a2", subnetId: "s", kind: "instance" },
        { interfaceId: "eni-0a3", subnetId: "s", kind: null as unknown as string },
      ],
    });
    await expect(importInventory(store, broken)).rejects.toThrow(/NOT NULL/);
    expect(await store.rows("SELECT interface_id FROM inventory_enis")).toEqual([
      { interface_id: "eni-0a1" },
    ]);
  });
});
