-- Conversations (address pairs) of the period that the baseline never saw, largest first. A conversation
-- seen on several ENIs counts once, as the most any one ENI saw of it; the NAT gateway's own translated
-- leg is left out, since the inside host's conversation already stands for it.
WITH nat_addresses AS (
  SELECT private_ip AS address FROM inventory_nat_gateways WHERE private_ip IS NOT NULL
),
per_eni AS (
  SELECT srcaddr, dstaddr, interface_id, sum(bytes) AS bytes, sum(records) AS records
  FROM flow_rollup
  WHERE day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) AND log_status = 'OK'
    AND srcaddr NOT IN (SELECT address FROM nat_addresses) AND dstaddr NOT IN (SELECT address FROM nat_addresses)
  GROUP BY ALL
),
period AS (
  SELECT srcaddr, dstaddr, max(bytes) AS bytes, max(records) AS records FROM per_eni GROUP BY ALL
),
baseline AS (
  SELECT DISTINCT srcaddr, dstaddr
  FROM flow_rollup
  WHERE day BETWEEN CAST($base_from AS DATE) AND CAST($base_to AS DATE) AND log_status = 'OK'
)
SELECT p.srcaddr, p.dstaddr, p.bytes::HUGEINT AS bytes, p.records::HUGEINT AS records,
  count(*) OVER ()::INTEGER AS new_pairs, (sum(p.bytes) OVER ())::HUGEINT AS new_bytes
FROM period p
ANTI JOIN baseline b ON b.srcaddr = p.srcaddr AND b.dstaddr = p.dstaddr
ORDER BY p.bytes DESC, p.srcaddr, p.dstaddr
LIMIT $top
