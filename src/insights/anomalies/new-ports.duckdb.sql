-- Service ports that accepted connections on an ENI in the period but never in the baseline. A row of the
-- rollup is a request toward a service when it kept its destination port and folded its source port.
WITH accepted AS (
  SELECT day, interface_id, protocol, dstport, sum(records) AS records, sum(bytes) AS bytes,
    count(DISTINCT srcaddr) AS sources
  FROM flow_rollup
  WHERE day BETWEEN CAST($base_from AS DATE) AND CAST($to AS DATE)
    AND action = 'ACCEPT' AND flow_direction IS DISTINCT FROM 'egress'
    AND protocol IN (6, 17) AND dstport IS NOT NULL AND srcport IS NULL
  GROUP BY ALL
)
SELECT interface_id, protocol, dstport, sum(records)::HUGEINT AS records, sum(bytes)::HUGEINT AS bytes,
  max(sources)::INTEGER AS sources
FROM accepted a
WHERE day >= CAST($from AS DATE)
  AND NOT EXISTS (
    SELECT 1 FROM accepted b
    WHERE b.day < CAST($from AS DATE) AND b.interface_id = a.interface_id AND b.protocol = a.protocol AND b.dstport = a.dstport
  )
GROUP BY ALL
ORDER BY records DESC, interface_id, dstport, protocol
LIMIT $top
