-- The largest talkers of the period by bytes, as top-talkers.duckdb.sql ranks them: each dimension is
-- grouped from the rollup on its own (the branches of the UNION run side by side) and keeps its top by
-- LIMIT; AWS services join the addresses once per distinct destination, after grouping by it.
SELECT dimension, talker, bytes, records
FROM (
  SELECT 'source' AS dimension, srcaddr AS talker, toInt64(sum(bytes)) AS bytes, toInt64(sum(records)) AS records
  FROM flow_rollup WHERE day BETWEEN toDate($from) AND toDate($to) AND log_status = 'OK'
  GROUP BY talker ORDER BY bytes DESC, talker LIMIT $top
  UNION ALL
  SELECT 'destination' AS dimension, dstaddr AS talker, toInt64(sum(bytes)) AS bytes, toInt64(sum(records)) AS records
  FROM flow_rollup WHERE day BETWEEN toDate($from) AND toDate($to) AND log_status = 'OK'
  GROUP BY talker ORDER BY bytes DESC, talker LIMIT $top
  UNION ALL
  SELECT 'pair' AS dimension, concat(srcaddr, ' → ', dstaddr) AS talker, toInt64(sum(bytes)) AS bytes, toInt64(sum(records)) AS records
  FROM flow_rollup WHERE day BETWEEN toDate($from) AND toDate($to) AND log_status = 'OK'
  GROUP BY talker ORDER BY bytes DESC, talker LIMIT $top
  UNION ALL
  SELECT 'interface (sent)' AS dimension, interface_id AS talker, toInt64(sum(bytes)) AS bytes, toInt64(sum(records)) AS records
  FROM flow_rollup WHERE day BETWEEN toDate($from) AND toDate($to) AND log_status = 'OK' AND flow_direction = 'egress'
  GROUP BY talker ORDER BY bytes DESC, talker LIMIT $top
  UNION ALL
  SELECT 'port' AS dimension, concat(
      multiIf(protocol = 6, 'tcp', protocol = 17, 'udp', protocol = 1, 'icmp', protocol = 58, 'icmpv6',
        concat('proto ', toString(protocol))),
      '/', ifNull(toString(ifNull(dstport, srcport)), '-')) AS talker,
    toInt64(sum(bytes)) AS bytes, toInt64(sum(records)) AS records
  FROM flow_rollup WHERE day BETWEEN toDate($from) AND toDate($to) AND log_status = 'OK'
  GROUP BY talker ORDER BY bytes DESC, talker LIMIT $top
  UNION ALL
  SELECT 'aws service' AS dimension, assumeNotNull(dst_service) AS talker, toInt64(sum(d_bytes)) AS bytes, toInt64(sum(d_records)) AS records
  FROM (
    SELECT coalesce(if(not_ingress, d_service, NULL), pkt_dst_aws_service) AS dst_service, d_bytes, d_records
    FROM (
      SELECT dstaddr, ifNull(flow_direction != 'ingress', 1) AS not_ingress, pkt_dst_aws_service,
        sum(bytes) AS d_bytes, sum(records) AS d_records
      FROM flow_rollup WHERE day BETWEEN toDate($from) AND toDate($to) AND log_status = 'OK'
      GROUP BY dstaddr, not_ingress, pkt_dst_aws_service
    )
    ALL LEFT JOIN (SELECT address AS dstaddr, aws_service AS d_service FROM addresses) USING dstaddr
  )
  WHERE isNotNull(dst_service)
  GROUP BY talker ORDER BY bytes DESC, talker LIMIT $top
)
ORDER BY dimension, bytes DESC, talker
SETTINGS join_use_nulls = 1
