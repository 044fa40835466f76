-- Conversations (address pairs) of the period that the baseline never saw, largest first (see
-- new-talkers.duckdb.sql). The count and bytes of all of them come with every row: the new pairs are
-- gathered into one array, counted, and joined back out.
SELECT t.1 AS srcaddr, t.2 AS dstaddr, t.3 AS bytes, t.4 AS records, toInt32(n) AS new_pairs, total AS new_bytes
FROM (
  SELECT groupArray((srcaddr, dstaddr, p_bytes, p_records)) AS pairs, count() AS n, toInt64(sum(p_bytes)) AS total
  FROM (
    SELECT srcaddr, dstaddr, toInt64(max(e_bytes)) AS p_bytes, toInt64(max(e_records)) AS p_records
    FROM (
      SELECT srcaddr, dstaddr, interface_id, sum(bytes) AS e_bytes, sum(records) AS e_records
      FROM flow_rollup
      WHERE day BETWEEN toDate($from) AND toDate($to) AND log_status = 'OK'
        AND srcaddr GLOBAL NOT IN (SELECT private_ip FROM inventory_nat_gateways WHERE isNotNull(private_ip))
        AND dstaddr GLOBAL NOT IN (SELECT private_ip FROM inventory_nat_gateways WHERE isNotNull(private_ip))
      GROUP BY srcaddr, dstaddr, interface_id
    )
    WHERE (srcaddr, dstaddr) GLOBAL NOT IN (
      SELECT srcaddr, dstaddr FROM flow_rollup
      WHERE day BETWEEN toDate($base_from) AND toDate($base_to) AND log_status = 'OK'
    )
    GROUP BY srcaddr, dstaddr
  )
)
ARRAY JOIN pairs AS t
ORDER BY bytes DESC, srcaddr, dstaddr
LIMIT $top
