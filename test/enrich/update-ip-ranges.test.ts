import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readIpRangesSummary } from "../../src/enrich/aws-ip-ranges/ip-ranges-summary.js";
import { readIpRangesSource } from "../../src/enrich/aws-ip-ranges/ip-ranges-tables.js";
import { updateIpRanges } from "../../src/enrich/aws-ip-ranges/update-ip-ranges.js";
import { tempDir } from "../helpers/temp-dir.js";
import {
  SNAPSHOT_CREATE_DATE,
  SNAPSHOT_PATH,
  snapshotText,
  writeSnapshotVariant,
} from "./aws-ip-ranges-snapshot.js";
import { openTestStore } from "./open-test-store.js";
import { closedPortUrl, serveFiles } from "./serve-files.js";

describe("updateIpRanges", () => {
  it("loads a local file into aws_ip_ranges and records its origin", async () => {
    const store = await openTestStore();
    const cacheDir = tempDir();
    const update = await updateIpRanges(store, { file: SNAPSHOT_PATH, cacheDir });
    expect(update).toEqual({
      createDate: SNAPSHOT_CREATE_DATE,
      syncToken: "1787411825",
      source: SNAPSHOT_PATH,
      ipv4Prefixes: 2_440,
      ipv6Prefixes: 890,
      services: expect.any(Number),
      changed: true,
      previousCreateDate: null,
      cachedAt: join(cacheDir, "ip-ranges.json"),
    });
    expect(
      await store.rows(
        "SELECT ip_version, count(*)::INTEGER AS n FROM aws_ip_ranges GROUP BY ALL ORDER BY 1",
      ),
    ).toEqual([
      { ip_version: 4, n: 2_440 },
      { ip_version: 6, n: 890 },
    ]);
    expect(await readIpRangesSource(store)).toMatchObject({
      createDate: SNAPSHOT_CREATE_DATE,
      syncToken: "1787411825",
      source: SNAPSHOT_PATH,
    });
  });

  it("stores each entry's prefix, region, service and network border group", async () => {
    const store = await openTestStore();
    await updateIpRanges(store, { file: SNAPSHOT_PATH, cacheDir: tempDir() });
    expect(
      await store.rows("SELECT * FROM aws_ip_ranges WHERE prefix = '52.216.0.0/15' ORDER BY service"),
    ).toEqual([
      {
        prefix: "52.216.0.0/15",
        ip_version: 4,
        region: "us-east-1",
        service: "AMAZON",
        network_border_group: "us-east-1",
      },
      {
        prefix: "52.216.0.0/15",
        ip_version: 4,
        region: "us-east-1",
        service: "S3",
        network_border_group: "us-east-1",
      },
    ]);
  });

  it("caches the raw file byte for byte", async () => {
    const store = await openTestStore();
    const cacheDir = join(tempDir(), "nested", "flowlens");
    const update = await updateIpRanges(store, { file: SNAPSHOT_PATH, cacheDir });
    expect(readFileSync(update.cachedAt ?? "", "utf8")).toBe(snapshotText());
  });

  it("loading the same file again says unchanged and keeps one set", async () => {
    const store = await openTestStore();
    const cacheDir = tempDir();
    await updateIpRanges(store, { file: SNAPSHOT_PATH, cacheDir });
    const again = await updateIpRanges(store, { file: SNAPSHOT_PATH, cacheDir });
    expect(again).toMatchObject({ changed: false, previousCreateDate: SNAPSHOT_CREATE_DATE });
    expect(await store.value("SELECT count(*)::INTEGER FROM aws_ip_ranges")).toBe(3_330);
    expect(await store.value("SELECT count(*)::INTEGER FROM aws_ip_ranges_source")).toBe(1);
  });

  it("a newer file replaces the set and says what the store held", async () => {
    const store = await openTestStore();
    const dir = tempDir();
    await updateIpRanges(store, { file: SNAPSHOT_PATH, cacheDir: dir });
    const newer = writeSnapshotVariant(
      dir,
      { createDate: "2026-09-01-00-00-00", syncToken: "1788220800" },
      "newer.json",
    );
    const update = await updateIpRanges(store, { file: newer, cacheDir: dir });
    expect(update).toMatchObject({
      createDate: "2026-09-01T00:00:00Z",
      changed: true,
      previousCreateDate: SNAPSHOT_CREATE_DATE,
    });
    expect(await store.value("SELECT count(*)::INTEGER FROM aws_ip_ranges_source")).toBe(1);
  });

  it("an invalid file leaves the stored set as it was", async () => {
    const store = await openTestStore();
    const dir = tempDir();
    await updateIpRanges(store, { file: SNAPSHOT_PATH, cacheDir: dir });
    const broken = writeSnapshotVariant(dir, { createDate: "yesterday" }, "broken.json");
    await expect(updateIpRanges(store, { file: broken, cacheDir: dir })).rejects.toThrow(
      `${broken} is not a valid AWS ip-ranges.json: createDate`,
    );
    expect((await readIpRangesSource(store))?.createDate).toBe(SNAPSHOT_CREATE_DATE);
    expect(await store.value("SELECT count(*)::INTEGER FROM aws_ip_ranges")).toBe(3_330);
  });

  it("downloads from a URL", async () => {
    const base = await serveFiles({ "/ip-ranges.json": { body: snapshotText() } });
    const store = await openTestStore();
    const update = await updateIpRanges(store, { url: `${base}/ip-ranges.json`, cacheDir: tempDir() });
    expect(update).toMatchObject({ source: `${base}/ip-ranges.json`, ipv4Prefixes: 2_440 });
  });

  it("says which URL answered with an HTTP error, and suggests --file", async () => {
    const base = await serveFiles({});
    const store = await openTestStore();
    await expect(
      updateIpRanges(store, { url: `${base}/ip-ranges.json`, cacheDir: tempDir() }),
    ).rejects.toMatchObject({
      code: "FLOWLENS_DOWNLOAD_FAILED",
      sentence: `cannot download AWS IP ranges from ${base}/ip-ranges.json: HTTP 404 Not Found — check the network or the URL, or download the file another way and pass it with --file`,
    });
  });

  it("says which URL could not be reached", async () => {
    const url = await closedPortUrl();
    const store = await openTestStore();
    await expect(updateIpRanges(store, { url, cacheDir: tempDir() })).rejects.toMatchObject({
      code: "FLOWLENS_DOWNLOAD_FAILED",
      message: `cannot download AWS IP ranges from ${url}: ECONNREFUSED`,
    });
  });

  it("says a missing --file does not exist", async () => {
    const store = await openTestStore();
    const missing = join(tempDir(), "nope.json");
    await expect(updateIpRanges(store, { file: missing })).rejects.toMatchObject({
      code: "FLOWLENS_SOURCE_NOT_FOUND",
      sentence: `--file ${missing} does not exist — give the path of an ip-ranges.json, or leave out --file to download it`,
    });
  });

  it("loads even when the cache cannot be written, and says why", async () => {
    const store = await openTestStore();
    const notADirectory = writeSnapshotVariant(tempDir(), {}, "a-file");
    const update = await updateIpRanges(store, { file: SNAPSHOT_PATH, cacheDir: notADirectory });
    expect(update.cachedAt).toBeNull();
    expect(update.cacheError).toMatch(/^cannot cache the file: /);
    expect(update.ipv4Prefixes).toBe(2_440);
  });
});

describe("readIpRangesSummary", () => {
  it("is null before any ranges are loaded", async () => {
    const store = await openTestStore();
    expect(await readIpRangesSummary(store)).toBeNull();
  });

  it("gives the age in days and prefixes per service, most first", async () => {
    const store = await openTestStore();
    await updateIpRanges(store, { file: SNAPSHOT_PATH, cacheDir: tempDir() });
    const summary = await readIpRangesSummary(store, {
      now: new Date("2026-11-22T12:00:00Z"),
      topServices: 3,
    });
    expect(summary).toMatchObject({ ageDays: 91, ipv4Prefixes: 2_440, ipv6Prefixes: 890 });
    expect(summary?.topServices.map((s) => s.service)).toEqual(["AMAZON", "EC2", "CLOUDFRONT"]);
    expect(summary?.topServices[0]).toMatchObject({ ipv4: 1_394 });
  });
});
