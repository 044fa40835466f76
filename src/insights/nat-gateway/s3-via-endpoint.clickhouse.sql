-- S3 bytes that went through a gateway endpoint instead: requests are egress records with traffic-path 7;
-- responses are ingress records from S3 on ENIs whose subnet's route table uses an S3 gateway endpoint.
SELECT t_bytes AS bytes
FROM (
  SELECT toInt64(sum(bytes)) AS t_bytes
  FROM (
    SELECT flow_direction, traffic_path, subnet_id, bytes, pkt_dst_aws_service, pkt_src_aws_service, remote
    FROM (
      SELECT flow_direction, traffic_path, subnet_id, bytes, pkt_dst_aws_service, pkt_src_aws_service,
        if(flow_direction = 'egress', pkt_dstaddr, pkt_srcaddr) AS remote
      FROM flow_rollup
      WHERE day BETWEEN toDate('{{from}}') AND toDate('{{to}}')
        AND isNotNull(interface_id)
        AND interface_id GLOBAL NOT IN (SELECT interface_id FROM inventory_nat_gateways WHERE isNotNull(interface_id))
    )
    ALL LEFT JOIN (SELECT address AS a_address, aws_service AS a_service FROM addresses) ON remote = a_address
    WHERE (ifNull(flow_direction = 'egress', 0) AND ifNull(traffic_path = 7, 0)
        AND ifNull(coalesce(a_service, pkt_dst_aws_service) = 'S3', 0))
      OR (ifNull(flow_direction = 'ingress', 0) AND ifNull(coalesce(a_service, pkt_src_aws_service) = 'S3', 0)
        AND ifNull(subnet_id GLOBAL IN (
          SELECT subnet_id FROM inventory_subnets WHERE route_table_id GLOBAL IN (
            SELECT route_table_id FROM (
              SELECT route_table_id, arrayJoin(gateway_endpoint_ids) AS endpoint_id FROM inventory_route_tables
            ) WHERE endpoint_id GLOBAL IN (SELECT vpc_endpoint_id FROM inventory_vpc_endpoints WHERE service_name LIKE '%.s3')
          )
        ), 0))
  )
)
SETTINGS join_use_nulls = 1
