-- The largest talkers of the period by bytes, as top-talkers.duckdb.sql ranks them: each rollup row of
-- the period counts once in each dimension it belongs to (an array of (dimension, talker) joined out of
-- the row), so one scan feeds every dimension; LIMIT BY keeps the top of each.
SELECT dimension, talker, t_bytes AS bytes, t_records AS records
FROM (
  SELECT dt.1 AS dimension, dt.2 AS talker, toInt64(sum(bytes)) AS t_bytes, toInt64(sum(records)) AS t_records
  FROM (
    SELECT bytes, records, arrayJoin(arrayFilter(x -> x.1 != '', [
      ('source', srcaddr),
      ('destination', dstaddr),
      ('pair', concat(srcaddr, ' → ', dstaddr)),
      (if(ifNull(flow_direction = 'egress', 0), 'interface (sent)', ''), interface_id),
      ('port', concat(
        multiIf(protocol = 6, 'tcp', protocol = 17, 'udp', protocol = 1, 'icmp', protocol = 58, 'icmpv6',
          concat('proto ', toString(protocol))),
        '/', ifNull(toString(port), '-'))),
      (if(isNotNull(dst_service), 'aws service', ''), dst_service)
    ])) AS dt
    FROM (
      SELECT srcaddr, dstaddr, interface_id, flow_direction, protocol, port, bytes, records,
        coalesce(if(ifNull(flow_direction != 'ingress', 1), d_service, NULL), pkt_dst_aws_service) AS dst_service
      FROM (
        SELECT srcaddr, dstaddr, interface_id, flow_direction, protocol, ifNull(dstport, srcport) AS port,
          bytes, records, pkt_dst_aws_service
        FROM flow_rollup
        WHERE day BETWEEN toDate($from) AND toDate($to) AND log_status = 'OK'
      )
      ALL LEFT JOIN (SELECT address AS d_address, aws_service AS d_service FROM addresses) ON dstaddr = d_address
    )
  )
  GROUP BY dimension, talker
  ORDER BY dimension, t_bytes DESC, talker
  LIMIT $top BY dimension
)
ORDER BY dimension, bytes DESC, talker
SETTINGS join_use_nulls = 1
