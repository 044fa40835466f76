-- Sources that touched many ports or many hosts within one short window (a tumbling window of
-- $window_minutes on start time), then everything each such source sent into the estate in the period.
WITH inbound AS MATERIALIZED (
  SELECT srcaddr, dstaddr, dstport, interface_id, action, start_time, end_time
  FROM flows
  WHERE day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
    AND flow_direction IS DISTINCT FROM 'egress' AND log_status = 'OK' AND srcaddr IS NOT NULL
),
-- Screening with approximate distinct counts (HyperLogLog, a few percent off) at 80% of the thresholds,
-- then exact counts for the few candidates: exact DISTINCT over every source and window is slow.
candidates AS (
  SELECT DISTINCT srcaddr
  FROM inbound
  GROUP BY srcaddr, time_bucket(to_minutes($window_minutes::BIGINT), start_time)
  HAVING approx_count_distinct(dstport) >= 0.8 * $min_ports OR approx_count_distinct(dstaddr) >= 0.8 * $min_hosts
),
windows AS (
  SELECT srcaddr, time_bucket(to_minutes($window_minutes::BIGINT), start_time) AS window_start,
    count(DISTINCT dstport) AS ports, count(DISTINCT dstaddr) AS hosts
  FROM inbound
  WHERE srcaddr IN (SELECT srcaddr FROM candidates)
  GROUP BY ALL
  HAVING count(DISTINCT dstport) >= $min_ports OR count(DISTINCT dstaddr) >= $min_hosts
),
scanners AS (
  SELECT srcaddr, max(ports) AS peak_ports_in_window, max(hosts) AS peak_hosts_in_window FROM windows GROUP BY srcaddr
)
SELECT
  i.srcaddr AS source,
  count(DISTINCT i.dstport) AS ports_touched,
  count(DISTINCT i.dstaddr) AS hosts_touched,
  count(*) AS records,
  count(*) FILTER (i.action = 'REJECT') AS rejected_records,
  count(DISTINCT i.dstport) FILTER (i.action = 'ACCEPT') AS accepted_ports,
  strftime(min(i.start_time), '%Y-%m-%dT%H:%M:%SZ') AS window_start,
  strftime(max(i.end_time), '%Y-%m-%dT%H:%M:%SZ') AS window_end,
  any_value(s.peak_ports_in_window) AS peak_ports_in_window,
  any_value(s.peak_hosts_in_window) AS peak_hosts_in_window,
  string_agg(DISTINCT i.interface_id, ', ' ORDER BY i.interface_id) AS targets
FROM inbound i
JOIN scanners s USING (srcaddr)
GROUP BY i.srcaddr
ORDER BY ports_touched DESC, hosts_touched DESC, source
