-- Sources that touched many ports or many hosts within one short window (a tumbling window of
-- $window_minutes on start time), then everything each such source sent into the estate in the period.
-- Only connection attempts count: for TCP and UDP, records whose destination port is not above their
-- source port (a reply goes to the client's higher, ephemeral port; counting replies would make every busy
-- server a "scanner" of thousands of ports). ICMP and other protocols count by host.
WITH attempts AS (
  SELECT srcaddr, dstaddr, dstport, protocol, interface_id, action, start_time, end_time
  FROM flows
  WHERE day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
    AND flow_direction IS DISTINCT FROM 'egress' AND log_status = 'OK' AND srcaddr IS NOT NULL
    AND (protocol NOT IN (6, 17) OR dstport <= srcport)
),
-- Screening, from the rollup: a window cannot touch more than its source did in the whole period, and a
-- connection attempt's rollup row keeps its destination port and host (its higher source port is what is
-- folded to NULL), so a source's ports and hosts counted over the rows that can hold attempts are at
-- least its attempts'. Only sources whose
-- approximate (HyperLogLog, a few percent off) period-wide counts reach 80% of a threshold are looked at
-- window by window, exactly, in `flows`.
candidates AS (
  SELECT srcaddr
  FROM flow_rollup
  WHERE day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
    AND flow_direction IS DISTINCT FROM 'egress' AND log_status = 'OK' AND srcaddr IS NOT NULL
    AND (protocol NOT IN (6, 17) OR srcport IS NULL OR dstport <= srcport)
  GROUP BY srcaddr
  HAVING approx_count_distinct(dstport) FILTER (protocol IN (6, 17)) >= 0.8 * $min_ports
    OR approx_count_distinct(dstaddr) >= 0.8 * $min_hosts
),
candidate_attempts AS MATERIALIZED (
  SELECT * FROM attempts WHERE srcaddr IN (SELECT srcaddr FROM candidates)
),
windows AS (
  SELECT srcaddr, time_bucket(to_minutes($window_minutes::BIGINT), start_time) AS window_start,
    count(DISTINCT dstport) FILTER (protocol IN (6, 17)) AS ports, count(DISTINCT dstaddr) AS hosts
  FROM candidate_attempts
  GROUP BY ALL
  HAVING ports >= $min_ports OR hosts >= $min_hosts
),
scanners AS (
  SELECT srcaddr, max(ports) AS peak_ports_in_window, max(hosts) AS peak_hosts_in_window FROM windows GROUP BY srcaddr
)
SELECT
  i.srcaddr AS source,
  count(DISTINCT i.dstport) FILTER (i.protocol IN (6, 17)) AS ports_touched,
  count(DISTINCT i.dstaddr) AS hosts_touched,
  count(*) AS records,
  count(*) FILTER (i.action = 'REJECT') AS rejected_records,
  count(DISTINCT i.dstport) FILTER (i.action = 'ACCEPT' AND i.protocol IN (6, 17)) AS accepted_ports,
  strftime(min(i.start_time), '%Y-%m-%dT%H:%M:%SZ') AS window_start,
  strftime(max(i.end_time), '%Y-%m-%dT%H:%M:%SZ') AS window_end,
  any_value(s.peak_ports_in_window) AS peak_ports_in_window,
  any_value(s.peak_hosts_in_window) AS peak_hosts_in_window,
  string_agg(DISTINCT i.interface_id, ', ' ORDER BY i.interface_id) AS targets
FROM candidate_attempts i
JOIN scanners s USING (srcaddr)
GROUP BY i.srcaddr
ORDER BY ports_touched DESC, hosts_touched DESC, source
