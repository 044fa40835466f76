-- Every byte a NAT gateway processed in the period, once, with the host inside the VPC and the remote
-- address it talked to: the legs nat-processed.duckdb.sql keeps, by the same rules (read there why).
-- One JOIN per SELECT (18.16), so the joins nest: the NAT ENIs' rollup rows, the class of each address,
-- the legs, the remote's class, the inside host's ENI.
SELECT day, nat_gateway_id, nat_az_id, leg, bytes, inside_address, remote_address,
  i_interface_id AS inside_interface_id, i_subnet_id AS inside_subnet_id, i_az_id AS inside_az_id,
  i_route_table_id AS inside_route_table_id,
  multiIf(
    ifNull(coalesce(a_service, remote_service) = 'S3', 0), 'S3',
    ifNull(coalesce(a_service, remote_service) = 'DYNAMODB', 0), 'DynamoDB',
    ifNull(a_class = 'aws', 0) OR isNotNull(remote_service), 'other AWS',
    'internet'
  ) AS destination
FROM (
  SELECT day, nat_gateway_id, nat_az_id, leg, bytes, inside_address, remote_address, remote_service, a_service, a_class
  FROM (
    SELECT day, nat_gateway_id, nat_az_id, bytes,
      if(kind LIKE '%outbound', 'outbound', 'inbound') AS leg,
      multiIf(kind = 'outbound', srcaddr, kind = 'inbound', dstaddr, NULL) AS inside_address,
      multiIf(kind = 'outbound', pkt_dstaddr, kind = 'inbound', pkt_srcaddr, kind = 'outside outbound', dstaddr, srcaddr)
        AS remote_address,
      if(kind LIKE '%outbound', pkt_dst_aws_service, pkt_src_aws_service) AS remote_service
    FROM (
      SELECT day, nat_gateway_id, nat_az_id, bytes, srcaddr, dstaddr, pkt_srcaddr, pkt_dstaddr,
        pkt_src_aws_service, pkt_dst_aws_service,
        multiIf(
          isNull(pkt_srcaddr) AND isNull(pkt_dstaddr),
            multiIf(
              ifNull(srcaddr = nat_ip, 0) AND ifNull(dst_class != 'private', 1), 'outside outbound',
              ifNull(dstaddr = nat_ip, 0) AND ifNull(src_class != 'private', 1), 'outside inbound',
              NULL),
          ifNull(flow_direction = 'ingress', 0) AND NOT ifNull(pkt_dstaddr = dstaddr, isNull(pkt_dstaddr) AND isNull(dstaddr)), 'outbound',
          ifNull(flow_direction = 'egress', 0) AND NOT ifNull(pkt_srcaddr = srcaddr, isNull(pkt_srcaddr) AND isNull(srcaddr)), 'inbound',
          NULL
        ) AS kind
      FROM (
        SELECT day, nat_gateway_id, nat_az_id, nat_ip, flow_direction, bytes, srcaddr, dstaddr, pkt_srcaddr, pkt_dstaddr,
          pkt_src_aws_service, pkt_dst_aws_service, src_class
        FROM (
          SELECT day, nat_gateway_id, nat_az_id, nat_ip, flow_direction, bytes, srcaddr, dstaddr, pkt_srcaddr, pkt_dstaddr,
            pkt_src_aws_service, pkt_dst_aws_service
          FROM (
            SELECT day, interface_id, flow_direction, bytes, srcaddr, dstaddr, pkt_srcaddr, pkt_dstaddr,
              pkt_src_aws_service, pkt_dst_aws_service
            FROM flow_rollup
            WHERE day BETWEEN toDate('{{from}}') AND toDate('{{to}}') AND log_status = 'OK'
          )
          ALL INNER JOIN (
            SELECT interface_id AS n_interface_id, nat_gateway_id, az_id AS nat_az_id, private_ip AS nat_ip
            FROM inventory_nat_gateways WHERE isNotNull(interface_id)
          ) ON interface_id = n_interface_id
        )
        ALL LEFT JOIN (SELECT address AS s_address, address_class AS src_class FROM addresses) ON srcaddr = s_address
      )
      ALL LEFT JOIN (SELECT address AS d_address, address_class AS dst_class FROM addresses) ON dstaddr = d_address
    )
    WHERE isNotNull(kind)
  )
  ALL LEFT JOIN (
    SELECT address AS a_address, aws_service AS a_service, address_class AS a_class FROM addresses
  ) ON remote_address = a_address
)
ALL LEFT JOIN (
  SELECT ip AS i_ip, interface_id AS i_interface_id, subnet_id AS i_subnet_id, az_id AS i_az_id, s_route_table_id AS i_route_table_id
  FROM (SELECT arrayJoin(private_ips) AS ip, interface_id, subnet_id, az_id FROM inventory_enis)
  ALL LEFT JOIN (SELECT subnet_id AS s_subnet_id, route_table_id AS s_route_table_id FROM inventory_subnets)
    ON subnet_id = s_subnet_id
) ON inside_address = i_ip
SETTINGS join_use_nulls = 1
