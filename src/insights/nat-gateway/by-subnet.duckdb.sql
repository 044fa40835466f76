-- Bytes through NAT gateways by the inside host's subnet, with its AZ and route table, and whether that
-- route table already sends S3 to a gateway endpoint.
WITH s3_endpoint_tables AS (
  SELECT DISTINCT r.route_table_id
  FROM inventory_route_tables r, unnest(r.gateway_endpoint_ids) AS t(endpoint_id)
  JOIN inventory_vpc_endpoints e ON e.vpc_endpoint_id = t.endpoint_id
  WHERE e.service_name LIKE '%.s3'
)
SELECT
  coalesce(p.inside_subnet_id, '(unknown)') AS subnet_id,
  p.inside_az_id AS az_id,
  p.inside_route_table_id AS route_table_id,
  p.inside_route_table_id IN (SELECT route_table_id FROM s3_endpoint_tables) AS has_s3_endpoint,
  p.destination,
  p.inside_az_id IS DISTINCT FROM p.nat_az_id AND p.inside_az_id IS NOT NULL AS cross_az,
  sum(p.bytes)::HUGEINT AS bytes
FROM nat_processed p
GROUP BY ALL
ORDER BY bytes DESC, subnet_id, p.destination, cross_az
