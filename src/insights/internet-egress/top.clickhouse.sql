-- The largest senders and destinations of internet egress.
SELECT side, name, via_nat, t_bytes AS bytes
FROM (
  SELECT 'source' AS side, source AS name, toNullable(via_nat) AS via_nat, toInt64(sum(bytes)) AS t_bytes
  FROM internet_egress GROUP BY source, via_nat
  UNION ALL
  SELECT 'destination' AS side, destination AS name, CAST(NULL AS Nullable(UInt8)) AS via_nat, toInt64(sum(bytes)) AS t_bytes
  FROM internet_egress GROUP BY destination
)
ORDER BY side DESC, bytes DESC, name, via_nat
