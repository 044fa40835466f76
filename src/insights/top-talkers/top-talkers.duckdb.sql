-- The largest talkers of the period by bytes, in several dimensions at once: source and destination
-- addresses, address pairs, ENIs (by what they sent), service ports with protocol, and AWS services.
-- A port is the service side of a conversation (the rollup folds the client's ephemeral port away), so
-- requests and responses of one service add up under one port. An ingress record's dstaddr is the ENI's own
-- address, which for IPv6 lies in AWS's EC2 ranges (classified as the VPC's own only when the inventory is
-- loaded): it names a service only through pkt-dst-aws-service.
WITH period AS MATERIALIZED (
  SELECT r.srcaddr, r.dstaddr, r.interface_id, r.flow_direction, r.protocol, coalesce(r.dstport, r.srcport) AS port,
    r.bytes, r.records,
    coalesce(CASE WHEN r.flow_direction IS DISTINCT FROM 'ingress' THEN d.aws_service END, r.pkt_dst_aws_service) AS dst_service
  FROM flow_rollup r
  LEFT JOIN addresses d ON d.address = r.dstaddr
  WHERE r.day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) AND r.log_status = 'OK'
),
pairs AS (
  SELECT srcaddr, dstaddr, sum(bytes) AS bytes, sum(records) AS records FROM period GROUP BY ALL
),
ranked AS (
  SELECT 'source' AS dimension, srcaddr AS talker, sum(bytes) AS bytes, sum(records) AS records FROM pairs GROUP BY 2
  UNION ALL SELECT 'destination', dstaddr, sum(bytes), sum(records) FROM pairs GROUP BY 2
  UNION ALL SELECT 'pair', srcaddr || ' → ' || dstaddr, bytes, records FROM pairs
  UNION ALL SELECT 'interface (sent)', interface_id, sum(bytes), sum(records) FROM period WHERE flow_direction = 'egress' GROUP BY 2
  UNION ALL SELECT 'port', CASE protocol WHEN 6 THEN 'tcp' WHEN 17 THEN 'udp' WHEN 1 THEN 'icmp' WHEN 58 THEN 'icmpv6' ELSE 'proto ' || protocol END || '/' || coalesce(CAST(port AS VARCHAR), '-'), sum(bytes), sum(records) FROM period GROUP BY 2
  UNION ALL SELECT 'aws service', dst_service, sum(bytes), sum(records) FROM period WHERE dst_service IS NOT NULL GROUP BY 2
)
SELECT dimension, talker, bytes::HUGEINT AS bytes, records::HUGEINT AS records
FROM (SELECT *, row_number() OVER (PARTITION BY dimension ORDER BY bytes DESC, talker) AS rank FROM ranked)
WHERE rank <= $top
ORDER BY dimension, bytes DESC, talker
