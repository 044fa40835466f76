-- Which route tables' subnets sent each NAT gateway's traffic to each destination class, as
-- nat-route-tables.duckdb.sql.
SELECT DISTINCT nat_gateway_id AS natGatewayId, destination, assumeNotNull(inside_route_table_id) AS routeTableId
FROM nat_processed
WHERE isNotNull(inside_route_table_id)
ORDER BY natGatewayId, destination, routeTableId
