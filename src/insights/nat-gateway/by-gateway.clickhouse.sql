-- Bytes each NAT gateway processed, by destination class.
SELECT nat_gateway_id, region, nat_az_id, destination, t_bytes AS bytes
FROM (
  SELECT nat_gateway_id, n_region AS region, nat_az_id, destination, toInt64(sum(bytes)) AS t_bytes
  FROM nat_processed
  ALL INNER JOIN (SELECT nat_gateway_id AS n_nat_gateway_id, region AS n_region FROM inventory_nat_gateways)
    ON nat_gateway_id = n_nat_gateway_id
  GROUP BY nat_gateway_id, region, nat_az_id, destination
)
ORDER BY bytes DESC, nat_gateway_id, destination
