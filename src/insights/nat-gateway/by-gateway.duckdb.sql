-- Bytes each NAT gateway processed, by destination class.
SELECT n.nat_gateway_id, n.region, p.nat_az_id, p.destination, sum(p.bytes)::HUGEINT AS bytes
FROM nat_processed p
JOIN inventory_nat_gateways n USING (nat_gateway_id)
GROUP BY ALL
ORDER BY bytes DESC, n.nat_gateway_id, p.destination
