-- The scanning sources of each day: scans.sql (the scans insight) with the day added to every grouping,
-- so one statement finds, for every day of the range, exactly the sources a report for that day alone
-- lists. The series tests compare the two day by day; change both together.
WITH attempts AS (
  SELECT day, srcaddr, dstaddr, dstport, protocol, start_time
  FROM flows
  WHERE day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
    AND flow_direction IS DISTINCT FROM 'egress' AND log_status = 'OK' AND srcaddr IS NOT NULL
    AND (protocol NOT IN (6, 17) OR dstport <= srcport)
),
candidates AS (
  SELECT day, srcaddr
  FROM flow_rollup
  WHERE day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
    AND flow_direction IS DISTINCT FROM 'egress' AND log_status = 'OK' AND srcaddr IS NOT NULL
    AND (protocol NOT IN (6, 17) OR srcport IS NULL OR dstport <= srcport)
  GROUP BY day, srcaddr
  HAVING approx_count_distinct(dstport) FILTER (protocol IN (6, 17)) >= 0.8 * $min_ports
    OR approx_count_distinct(dstaddr) >= 0.8 * $min_hosts
),
candidate_attempts AS MATERIALIZED (
  SELECT a.* FROM attempts a SEMI JOIN candidates c ON c.day = a.day AND c.srcaddr = a.srcaddr
),
windows AS (
  SELECT day, srcaddr, time_bucket(to_minutes($window_minutes::BIGINT), start_time) AS window_start,
    count(DISTINCT dstport) FILTER (protocol IN (6, 17)) AS ports, count(DISTINCT dstaddr) AS hosts
  FROM candidate_attempts
  GROUP BY ALL
  HAVING ports >= $min_ports OR hosts >= $min_hosts
)
SELECT strftime(day, '%Y-%m-%d') AS day, count(DISTINCT srcaddr) AS sources
FROM windows
GROUP BY day
ORDER BY day
