-- S3 bytes that went through a gateway endpoint instead: requests are egress records with traffic-path 7;
-- responses are ingress records from S3 on ENIs whose subnet's route table uses an S3 gateway endpoint.
WITH s3_endpoint_tables AS (
  SELECT DISTINCT r.route_table_id
  FROM inventory_route_tables r, unnest(r.gateway_endpoint_ids) AS t(endpoint_id)
  JOIN inventory_vpc_endpoints e ON e.vpc_endpoint_id = t.endpoint_id
  WHERE e.service_name LIKE '%.s3'
),
endpoint_subnets AS (
  SELECT subnet_id FROM inventory_subnets WHERE route_table_id IN (SELECT route_table_id FROM s3_endpoint_tables)
)
SELECT coalesce(sum(f.bytes), 0)::HUGEINT AS bytes
FROM flow_rollup f
LEFT JOIN addresses a ON a.address = CASE f.flow_direction WHEN 'egress' THEN f.pkt_dstaddr ELSE f.pkt_srcaddr END
WHERE f.day BETWEEN DATE '{{from}}' AND DATE '{{to}}'
  AND f.interface_id NOT IN (SELECT interface_id FROM inventory_nat_gateways WHERE interface_id IS NOT NULL)
  AND (
    (f.flow_direction = 'egress' AND f.traffic_path = 7 AND coalesce(a.aws_service, f.pkt_dst_aws_service) = 'S3')
    OR (f.flow_direction = 'ingress' AND coalesce(a.aws_service, f.pkt_src_aws_service) = 'S3'
        AND f.subnet_id IN (SELECT subnet_id FROM endpoint_subnets))
  )
