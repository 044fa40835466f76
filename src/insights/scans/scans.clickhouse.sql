-- Sources that touched many ports or many hosts within one short window, as scans.duckdb.sql finds them
-- (read there why only connection attempts count). The window is DuckDB's time_bucket: $window_minutes
-- counted from 2000-01-03 00:00:00 UTC (946857600). One pass over the candidates' records: each window
-- keeps its counts and the partial states of the source's own (-State), which the source then merges;
-- a window's own distinct ports and hosts are its states finalized, not counted a second time.
-- The screening from the rollup counts exactly (uniqExact) where DuckDB estimates, so it passes at least
-- every source DuckDB's does. (ClickHouse's NULL NOT IN (…) is true: nullable columns are tested first.)
SELECT source, ports_touched, hosts_touched, t_records AS records, rejected_records, accepted_ports,
  window_start, window_end, peak_ports_in_window, peak_hosts_in_window, targets
FROM (
  SELECT srcaddr AS source,
    uniqExactIfMerge(ports_state) AS ports_touched,
    uniqExactMerge(hosts_state) AS hosts_touched,
    toUInt64(sum(w_records)) AS t_records,
    toUInt64(sum(w_rejected)) AS rejected_records,
    uniqExactIfMerge(accepted_state) AS accepted_ports,
    formatDateTime(min(w_first), '%Y-%m-%dT%H:%M:%SZ') AS window_start,
    formatDateTime(max(w_last), '%Y-%m-%dT%H:%M:%SZ') AS window_end,
    maxIf(ports, ports >= $min_ports OR hosts >= $min_hosts) AS peak_ports_in_window,
    maxIf(hosts, ports >= $min_ports OR hosts >= $min_hosts) AS peak_hosts_in_window,
    arrayStringConcat(arraySort(groupUniqArrayMerge(targets_state)), ', ') AS targets
  FROM (SELECT *, finalizeAggregation(ports_state) AS ports, finalizeAggregation(hosts_state) AS hosts FROM (
    SELECT srcaddr,
      toDateTime(946857600 + intDiv(toInt64(toUInt32(start_time)) - 946857600, $window_minutes * 60) * ($window_minutes * 60), 'UTC') AS window_start,
      uniqExactIfState(dstport, ifNull(protocol IN (6, 17), 0)) AS ports_state,
      uniqExactState(dstaddr) AS hosts_state,
      count() AS w_records,
      countIf(ifNull(action = 'REJECT', 0)) AS w_rejected,
      uniqExactIfState(dstport, ifNull(action = 'ACCEPT' AND protocol IN (6, 17), 0)) AS accepted_state,
      min(start_time) AS w_first,
      max(end_time) AS w_last,
      groupUniqArrayState(interface_id) AS targets_state
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
  ))
  GROUP BY srcaddr
  HAVING max(ports >= $min_ports OR hosts >= $min_hosts) = 1
)
ORDER BY ports_touched DESC, hosts_touched DESC, source
