-- Rejected records per destination port and protocol.
SELECT protocol, dstport, t_records AS records, sources, targets
FROM (
  SELECT protocol, dstport, toInt64(sum(records)) AS t_records, uniqExact(srcaddr) AS sources,
    uniqExact(interface_id) AS targets
  FROM rejected
  GROUP BY protocol, dstport
)
ORDER BY records DESC, dstport, protocol
LIMIT $limit
