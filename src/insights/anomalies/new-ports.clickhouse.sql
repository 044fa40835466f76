-- Service ports that accepted connections on an ENI in the period but never in the baseline (see
-- new-ports.duckdb.sql).
SELECT interface_id, protocol, dstport, t_records AS records, t_bytes AS bytes, t_sources AS sources
FROM (
  SELECT interface_id, protocol, dstport, toInt64(sum(a_records)) AS t_records, toInt64(sum(a_bytes)) AS t_bytes,
    toInt32(max(a_sources)) AS t_sources
  FROM (
    SELECT day, interface_id, protocol, dstport, sum(records) AS a_records, sum(bytes) AS a_bytes,
      uniqExact(srcaddr) AS a_sources
    FROM flow_rollup
    WHERE day BETWEEN toDate($from) AND toDate($to)
      AND action = 'ACCEPT' AND ifNull(flow_direction != 'egress', 1)
      AND protocol IN (6, 17) AND isNotNull(dstport) AND isNull(srcport)
    GROUP BY day, interface_id, protocol, dstport
  )
  WHERE (ifNull(interface_id, ''), protocol, dstport) GLOBAL NOT IN (
    SELECT assumeNotNull(interface_id), protocol, dstport
    FROM flow_rollup
    WHERE day BETWEEN toDate($base_from) AND toDate($from) - 1
      AND action = 'ACCEPT' AND ifNull(flow_direction != 'egress', 1)
      AND protocol IN (6, 17) AND isNotNull(dstport) AND isNull(srcport) AND isNotNull(interface_id)
  )
  GROUP BY interface_id, protocol, dstport
)
ORDER BY records DESC, interface_id, dstport, protocol
LIMIT $top
