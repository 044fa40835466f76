-- The inventory changes dated within the days $from to $to, as inventory-changes.duckdb.sql reads them.
-- The mirror stores changed_at to the second (DateTime, enrichment-mirror.ts), hence `.000`.
SELECT concat(replaceOne(toString(changed_at), ' ', 'T'), '.000Z') AS at, dated_by AS datedBy,
  account_id AS accountId, region, kind, resource_id AS resourceId, change, target, detail
FROM inventory_changes
WHERE toDate(changed_at) BETWEEN toDate($from) AND toDate($to)
ORDER BY changed_at, kind, resource_id, target
