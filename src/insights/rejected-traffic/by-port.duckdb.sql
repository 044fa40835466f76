-- Rejected records per destination port and protocol.
SELECT protocol, dstport, sum(records)::HUGEINT AS records, count(DISTINCT srcaddr) AS sources, count(DISTINCT interface_id) AS targets
FROM rejected
GROUP BY ALL
ORDER BY records DESC, dstport, protocol
LIMIT $limit
