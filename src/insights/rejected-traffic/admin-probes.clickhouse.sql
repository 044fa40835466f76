-- Attempts from the internet on administration and database ports, per port and source.
SELECT dstport, srcaddr, t_records AS records, targets
FROM (
  SELECT dstport, srcaddr, toInt64(sum(records)) AS t_records, uniqExact(interface_id) AS targets
  FROM rejected
  WHERE ifNull(flow_direction != 'egress', 1)
    AND source_class IN ('internet', 'public')
    AND has(CAST($ports AS Array(Int32)), ifNull(dstport, -1))
  GROUP BY dstport, srcaddr
)
ORDER BY records DESC, dstport, srcaddr
