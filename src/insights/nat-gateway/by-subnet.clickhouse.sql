-- Bytes through NAT gateways by the inside host's subnet, with its AZ and route table, and whether that
-- route table already sends S3 to a gateway endpoint.
SELECT subnet_id, az_id, route_table_id,
  if(isNull(route_table_id), NULL, route_table_id GLOBAL IN (
    SELECT route_table_id FROM (
      SELECT route_table_id, arrayJoin(gateway_endpoint_ids) AS endpoint_id FROM inventory_route_tables
    ) WHERE endpoint_id GLOBAL IN (SELECT vpc_endpoint_id FROM inventory_vpc_endpoints WHERE service_name LIKE '%.s3')
  )) AS has_s3_endpoint,
  destination, cross_az, t_bytes AS bytes
FROM (
  SELECT ifNull(inside_subnet_id, '(unknown)') AS subnet_id, inside_az_id AS az_id,
    inside_route_table_id AS route_table_id, destination,
    isNotNull(inside_az_id) AND ifNull(inside_az_id != nat_az_id, 1) AS cross_az,
    toInt64(sum(bytes)) AS t_bytes
  FROM nat_processed
  GROUP BY subnet_id, az_id, route_table_id, destination, cross_az
)
ORDER BY bytes DESC, subnet_id, destination, cross_az
