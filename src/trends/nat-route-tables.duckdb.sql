-- Which route tables' subnets sent each NAT gateway's traffic to each destination class, from the
-- nat-gateway insight's own `nat_processed` of the period before a change (compare-in-store.ts).
SELECT DISTINCT nat_gateway_id AS "natGatewayId", destination, inside_route_table_id AS "routeTableId"
FROM nat_processed
WHERE inside_route_table_id IS NOT NULL
ORDER BY ALL
