-- Rejected records and bytes per day, and the admin-port probes among them, from the rejected-traffic
-- insight's own `rejected` (rejected.sql). The probe condition is admin-probes.sql's WHERE clause; the
-- series tests compare both day by day, so the two cannot drift apart unnoticed.
SELECT
  strftime(day, '%Y-%m-%d') AS day,
  sum(records)::HUGEINT AS records,
  coalesce(sum(bytes), 0)::HUGEINT AS bytes,
  coalesce(sum(records) FILTER (
    flow_direction IS DISTINCT FROM 'egress'
    AND source_class IN ('internet', 'public')
    AND list_contains($ports::INTEGER[], dstport)
  ), 0)::HUGEINT AS admin_probe_records
FROM rejected
GROUP BY ALL
ORDER BY day
