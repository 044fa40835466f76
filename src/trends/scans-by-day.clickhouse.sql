-- The scanning sources of each day: scans.clickhouse.sql (the scans insight) with the day added to every
-- grouping, as scans-by-day.duckdb.sql does for DuckDB. The window is DuckDB's time_bucket ($window_minutes
-- counted from 2000-01-03 00:00:00 UTC, 946857600); the screening counts exactly (uniqExact) where DuckDB
-- estimates, as the insight's does. The series tests compare it with reports day by day.
SELECT day, toInt64(uniqExact(srcaddr)) AS sources
FROM (
  SELECT day, srcaddr,
    intDiv(toInt64(toUInt32(start_time)) - 946857600, $window_minutes * 60) AS window_number,
    uniqExactIf(dstport, ifNull(protocol IN (6, 17), 0)) AS ports,
    uniqExact(dstaddr) AS hosts
  FROM flows
  WHERE day BETWEEN toDate($from) AND toDate($to)
    AND ifNull(flow_direction != 'egress', 1) AND log_status = 'OK' AND isNotNull(srcaddr)
    AND ((isNotNull(protocol) AND protocol NOT IN (6, 17)) OR ifNull(dstport <= srcport, 0))
    AND (day, assumeNotNull(srcaddr)) GLOBAL IN (
      SELECT day, assumeNotNull(srcaddr) FROM flow_rollup
      WHERE day BETWEEN toDate($from) AND toDate($to)
        AND ifNull(flow_direction != 'egress', 1) AND log_status = 'OK' AND isNotNull(srcaddr)
        AND ((isNotNull(protocol) AND protocol NOT IN (6, 17)) OR isNull(srcport) OR ifNull(dstport <= srcport, 0))
      GROUP BY day, srcaddr
      HAVING uniqExactIf(dstport, ifNull(protocol IN (6, 17), 0)) >= 0.8 * $min_ports
        OR uniqExact(dstaddr) >= 0.8 * $min_hosts
    )
  GROUP BY day, srcaddr, window_number
  HAVING ports >= $min_ports OR hosts >= $min_hosts
)
GROUP BY day
ORDER BY day
