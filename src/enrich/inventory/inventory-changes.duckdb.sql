-- The inventory changes dated within the days $from to $to (UTC, both included), oldest first.
SELECT strftime(changed_at, '%Y-%m-%dT%H:%M:%S.%g') || 'Z' AS "at", dated_by AS "datedBy", account_id AS "accountId",
  region, kind, resource_id AS "resourceId", change, target, detail
FROM inventory_changes
WHERE changed_at >= CAST($from AS DATE) AND changed_at < CAST($to AS DATE) + INTERVAL 1 DAY
ORDER BY changed_at, kind, resource_id, target
