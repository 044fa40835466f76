-- What each NAT gateway processed per day and destination class, as nat-by-day.duckdb.sql: the
-- nat-gateway insight's own `nat_processed` joined as its by-gateway.clickhouse.sql joins it.
SELECT day, nat_gateway_id, region, destination, t_bytes AS bytes
FROM (
  SELECT day, nat_gateway_id, n_region AS region, destination, toInt64(sum(bytes)) AS t_bytes
  FROM nat_processed
  ALL INNER JOIN (SELECT nat_gateway_id AS n_nat_gateway_id, region AS n_region FROM inventory_nat_gateways)
    ON nat_gateway_id = n_nat_gateway_id
  GROUP BY day, nat_gateway_id, n_region, destination
)
ORDER BY day, nat_gateway_id, destination
