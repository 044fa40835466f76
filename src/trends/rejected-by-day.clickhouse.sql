-- Rejected records and bytes per day, and the admin-port probes among them, from the rejected-traffic
-- insight's own `rejected` (rejected.clickhouse.sql). The probe condition is admin-probes.clickhouse.sql's
-- WHERE clause; the series tests compare both day by day.
SELECT day, t_records AS records, t_bytes AS bytes, t_probes AS admin_probe_records
FROM (
  SELECT day,
    toInt64(sum(records)) AS t_records,
    toInt64(sum(ifNull(bytes, 0))) AS t_bytes,
    toInt64(sumIf(records, ifNull(flow_direction != 'egress', 1)
      AND source_class IN ('internet', 'public')
      AND has(CAST($ports AS Array(Int32)), ifNull(dstport, -1)))) AS t_probes
  FROM rejected
  GROUP BY day
)
ORDER BY day
