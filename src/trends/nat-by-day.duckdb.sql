-- What each NAT gateway processed per day and destination class, from the nat-gateway insight's own
-- `nat_processed` (nat-processed.sql, run for the whole range first) joined as its by-gateway.sql joins it.
SELECT strftime(p.day, '%Y-%m-%d') AS day, n.nat_gateway_id, n.region, p.destination, sum(p.bytes)::HUGEINT AS bytes
FROM nat_processed p
JOIN inventory_nat_gateways n USING (nat_gateway_id)
GROUP BY ALL
ORDER BY day, n.nat_gateway_id, p.destination
