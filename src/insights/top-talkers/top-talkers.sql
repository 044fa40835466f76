-- The largest talkers of the period by bytes, in several dimensions at once: source and destination
-- addresses, address pairs, ENIs (by what they sent), destination ports with protocol, and AWS services.
-- The period's rows are read once (MATERIALIZED); labels are built after aggregating, not per row.
WITH period_flows AS MATERIALIZED (
  SELECT f.srcaddr, f.dstaddr, f.interface_id, f.flow_direction, f.protocol, f.dstport, f.bytes,
    coalesce(d.aws_service, f.pkt_dst_aws_service) AS dst_service
  FROM flows f
  LEFT JOIN addresses d ON d.address = f.dstaddr
  WHERE f.day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) AND f.log_status = 'OK'
),
pairs AS (
  SELECT srcaddr, dstaddr, sum(bytes) AS bytes, count(*) AS records FROM period_flows GROUP BY ALL
),
ports AS (
  SELECT protocol, dstport, sum(bytes) AS bytes, count(*) AS records FROM period_flows GROUP BY ALL
),
ranked AS (
  SELECT 'source' AS dimension, srcaddr AS talker, sum(bytes) AS bytes, sum(records) AS records FROM pairs GROUP BY 2
  UNION ALL SELECT 'destination', dstaddr, sum(bytes), sum(records) FROM pairs GROUP BY 2
  UNION ALL SELECT 'pair', srcaddr || ' → ' || dstaddr, bytes, records FROM pairs
  UNION ALL SELECT 'interface (sent)', interface_id, sum(bytes), count(*) FROM period_flows WHERE flow_direction = 'egress' GROUP BY 2
  UNION ALL SELECT 'port', CASE protocol WHEN 6 THEN 'tcp' WHEN 17 THEN 'udp' WHEN 1 THEN 'icmp' WHEN 58 THEN 'icmpv6' ELSE 'proto ' || protocol END || '/' || dstport, bytes, records FROM ports
  UNION ALL SELECT 'aws service', dst_service, sum(bytes), count(*) FROM period_flows WHERE dst_service IS NOT NULL GROUP BY 2
)
SELECT dimension, talker, bytes::BIGINT AS bytes, records::BIGINT AS records
FROM (SELECT *, row_number() OVER (PARTITION BY dimension ORDER BY bytes DESC, talker) AS rank FROM ranked)
WHERE rank <= $top
ORDER BY dimension, bytes DESC, talker
