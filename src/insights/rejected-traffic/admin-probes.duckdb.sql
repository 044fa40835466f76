-- Attempts from the internet on administration and database ports, per port and source.
SELECT dstport, srcaddr, sum(records)::HUGEINT AS records, count(DISTINCT interface_id) AS targets
FROM rejected
WHERE flow_direction IS DISTINCT FROM 'egress'
  AND source_class IN ('internet', 'public')
  AND list_contains($ports::INTEGER[], dstport)
GROUP BY ALL
ORDER BY records DESC, dstport, srcaddr
