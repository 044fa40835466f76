-- The largest senders and destinations of internet egress.
SELECT 'source' AS side, source AS name, via_nat, sum(bytes)::BIGINT AS bytes FROM internet_egress GROUP BY ALL
UNION ALL
SELECT 'destination', destination, NULL, sum(bytes)::BIGINT FROM internet_egress GROUP BY ALL
ORDER BY side DESC, bytes DESC, name
