-- Every byte that left an ENI for an ENI of the VPC, counted once from the sender's egress record, as
-- vpc-egress.duckdb.sql defines it (read there why). The NAT gateway that receives traffic-path 1 to
-- outside the VPC is joined by a key that is set only when no listed ENI holds the address.
SELECT day, interface_id AS sender_interface_id, sender_kind, sender_az_id,
  coalesce(r_interface_id, rn_interface_id) AS receiver_interface_id,
  coalesce(r_kind, if(isNotNull(rn_interface_id), 'nat_gateway', NULL)) AS receiver_kind,
  coalesce(r_az_id, rn_az_id) AS receiver_az_id,
  port, protocol, bytes
FROM (
  SELECT day, interface_id, subnet_id, port, protocol, traffic_path, bytes, sender_az_id, sender_kind, natted,
    r_ip, r_interface_id, r_kind, r_az_id,
    if(isNull(r_ip) AND ifNull(traffic_path = 1, 0) AND natted, subnet_id, NULL) AS route_nat_subnet
  FROM (
    SELECT day, interface_id, subnet_id, dstaddr, port, protocol, traffic_path, bytes,
      coalesce(az_id, e_az_id) AS sender_az_id, e_kind AS sender_kind,
      ifNull(d_class != 'private', 1) AND (dstaddr NOT LIKE '%:%' OR startsWith(dstaddr, '64:ff9b::')) AS natted
    FROM (
      SELECT day, interface_id, subnet_id, az_id, dstaddr, port, protocol, traffic_path, bytes, e_az_id, e_kind
      FROM (
        SELECT day, interface_id, subnet_id, az_id, dstaddr, ifNull(dstport, srcport) AS port, protocol, traffic_path, bytes
        FROM flow_rollup
        WHERE day BETWEEN toDate('{{from}}') AND toDate('{{to}}') AND flow_direction = 'egress' AND log_status = 'OK'
      )
      ALL LEFT JOIN (SELECT interface_id AS e_interface_id, az_id AS e_az_id, kind AS e_kind FROM inventory_enis)
        ON interface_id = e_interface_id
    )
    ALL LEFT JOIN (SELECT address AS d_address, address_class AS d_class FROM addresses) ON dstaddr = d_address
  )
  ALL LEFT JOIN (
    SELECT arrayJoin(arrayConcat(private_ips, ipv6_ips)) AS r_ip, interface_id AS r_interface_id, az_id AS r_az_id,
      kind AS r_kind
    FROM inventory_enis
  ) ON dstaddr = r_ip
)
ALL LEFT JOIN (
  SELECT subnet_id AS rn_subnet_id, n_interface_id AS rn_interface_id, n_az_id AS rn_az_id
  FROM (
    SELECT subnet_id, r_nat_gateway_id
    FROM (SELECT subnet_id, route_table_id FROM inventory_subnets)
    ALL INNER JOIN (
      SELECT route_table_id AS r_route_table_id, arrayElement(nat_gateway_ids, 1) AS r_nat_gateway_id
      FROM inventory_route_tables
    ) ON route_table_id = r_route_table_id
  )
  ALL INNER JOIN (
    SELECT nat_gateway_id AS n_nat_gateway_id, interface_id AS n_interface_id, az_id AS n_az_id FROM inventory_nat_gateways
  ) ON r_nat_gateway_id = n_nat_gateway_id
) ON route_nat_subnet = rn_subnet_id
WHERE isNotNull(r_ip) OR isNotNull(rn_interface_id) OR (ifNull(traffic_path = 1, 0) AND NOT natted)
SETTINGS join_use_nulls = 1
