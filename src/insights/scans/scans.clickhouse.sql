-- Sources that touched many ports or many hosts within one short window, as scans.duckdb.sql finds them
-- (read there why only connection attempts count). The window is DuckDB's time_bucket: $window_minutes
-- counted from 2000-01-03 00:00:00 UTC (946857600). The screening from the rollup counts exactly
-- (uniqExact) where DuckDB estimates, so it passes at least every source DuckDB's does. (ClickHouse's
-- NULL NOT IN (…) is true: nullable columns are tested for NULL first.)
SELECT source, ports_touched, hosts_touched, t_records AS records, rejected_records, accepted_ports,
  window_start, window_end, peak_ports_in_window, peak_hosts_in_window, targets
FROM (
  SELECT srcaddr AS source,
    uniqExactIf(dstport, ifNull(protocol IN (6, 17), 0)) AS ports_touched,
    uniqExact(dstaddr) AS hosts_touched,
    count() AS t_records,
    countIf(ifNull(action = 'REJECT', 0)) AS rejected_records,
    uniqExactIf(dstport, ifNull(action = 'ACCEPT' AND protocol IN (6, 17), 0)) AS accepted_ports,
    formatDateTime(min(start_time), '%Y-%m-%dT%H:%M:%SZ') AS window_start,
    formatDateTime(max(end_time), '%Y-%m-%dT%H:%M:%SZ') AS window_end,
    any(s_peak_ports) AS peak_ports_in_window,
    any(s_peak_hosts) AS peak_hosts_in_window,
    arrayStringConcat(arraySort(groupUniqArray(interface_id)), ', ') AS targets
  FROM (
    SELECT srcaddr, dstaddr, dstport, protocol, interface_id, action, start_time, end_time
    FROM flows
    WHERE day BETWEEN toDate($from) AND toDate($to)
      AND ifNull(flow_direction != 'egress', 1) AND log_status = 'OK' AND isNotNull(srcaddr)
      AND ((isNotNull(protocol) AND protocol NOT IN (6, 17)) OR ifNull(dstport <= srcport, 0))
      AND srcaddr GLOBAL IN (
        SELECT srcaddr FROM flow_rollup
        WHERE day BETWEEN toDate($from) AND toDate($to)
          AND ifNull(flow_direction != 'egress', 1) AND log_status = 'OK' AND isNotNull(srcaddr)
          AND ((isNotNull(protocol) AND protocol NOT IN (6, 17)) OR isNull(srcport) OR ifNull(dstport <= srcport, 0))
        GROUP BY srcaddr
        HAVING uniqExactIf(dstport, ifNull(protocol IN (6, 17), 0)) >= 0.8 * $min_ports
          OR uniqExact(dstaddr) >= 0.8 * $min_hosts
      )
  )
  ALL INNER JOIN (
    SELECT srcaddr AS s_srcaddr, max(ports) AS s_peak_ports, max(hosts) AS s_peak_hosts
    FROM (
      SELECT srcaddr,
        toDateTime(946857600 + intDiv(toInt64(toUInt32(start_time)) - 946857600, $window_minutes * 60) * ($window_minutes * 60), 'UTC') AS window_start,
        uniqExactIf(dstport, ifNull(protocol IN (6, 17), 0)) AS ports,
        uniqExact(dstaddr) AS hosts
      FROM flows
      WHERE day BETWEEN toDate($from) AND toDate($to)
        AND ifNull(flow_direction != 'egress', 1) AND log_status = 'OK' AND isNotNull(srcaddr)
        AND ((isNotNull(protocol) AND protocol NOT IN (6, 17)) OR ifNull(dstport <= srcport, 0))
        AND srcaddr GLOBAL IN (
          SELECT srcaddr FROM flow_rollup
          WHERE day BETWEEN toDate($from) AND toDate($to)
            AND ifNull(flow_direction != 'egress', 1) AND log_status = 'OK' AND isNotNull(srcaddr)
            AND ((isNotNull(protocol) AND protocol NOT IN (6, 17)) OR isNull(srcport) OR ifNull(dstport <= srcport, 0))
          GROUP BY srcaddr
          HAVING uniqExactIf(dstport, ifNull(protocol IN (6, 17), 0)) >= 0.8 * $min_ports
            OR uniqExact(dstaddr) >= 0.8 * $min_hosts
        )
      GROUP BY srcaddr, window_start
      HAVING ports >= $min_ports OR hosts >= $min_hosts
    )
    GROUP BY srcaddr
  ) ON srcaddr = s_srcaddr
  GROUP BY srcaddr
)
ORDER BY ports_touched DESC, hosts_touched DESC, source
