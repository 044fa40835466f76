-- The largest senders and destinations of internet egress.
SELECT 'source' AS side, source AS name, via_nat, sum(bytes)::HUGEINT AS bytes FROM internet_egress GROUP BY ALL
UNION ALL
SELECT 'destination', destination, NULL, sum(bytes)::HUGEINT FROM internet_egress GROUP BY ALL
ORDER BY side DESC, bytes DESC, name, via_nat
