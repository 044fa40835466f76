-- Bytes sent to the internet, as internet-egress.duckdb.sql selects them: egress records leaving through
-- an internet gateway (traffic-path 8, or 2) to an address outside AWS's ranges; on a NAT gateway's ENI,
-- the NAT's leg to the internet. Rows keep their `day`.
SELECT day, interface_id,
  coalesce(n_nat_gateway_id, e_resource_id, instance_id, interface_id) AS source,
  isNotNull(n_nat_gateway_id) AS via_nat,
  dstaddr AS destination, port, bytes
FROM (
  SELECT day, interface_id, instance_id, dstaddr, port, bytes, n_nat_gateway_id
  FROM (
    SELECT day, interface_id, instance_id, dstaddr, ifNull(dstport, srcport) AS port, bytes
    FROM (
      SELECT day, interface_id, instance_id, dstaddr, dstport, srcport, bytes
      FROM flow_rollup
      WHERE day BETWEEN toDate('{{from}}') AND toDate('{{to}}')
        AND flow_direction = 'egress' AND log_status = 'OK'
        AND traffic_path IN (2, 8)
        AND isNull(pkt_dst_aws_service)
    )
    ALL LEFT JOIN (SELECT address AS a_address, address_class AS a_class FROM addresses) ON dstaddr = a_address
    WHERE ifNull(a_class, 'public') IN ('internet', 'public')
  )
  ALL LEFT JOIN (
    SELECT interface_id AS n_interface_id, nat_gateway_id AS n_nat_gateway_id FROM inventory_nat_gateways
  ) ON interface_id = n_interface_id
)
ALL LEFT JOIN (SELECT interface_id AS e_interface_id, resource_id AS e_resource_id FROM inventory_enis) ON interface_id = e_interface_id
SETTINGS join_use_nulls = 1
