-- Every byte that left an ENI for an ENI of the VPC, counted once from the sender's egress record
-- (`vpc_egress`), and those that crossed to another AZ (`cross_az_egress`). The receiver is the ENI that
-- owns dstaddr (IPv4 or IPv6); traffic to outside the VPC through a NAT gateway (traffic-path 1, an IPv4
-- address outside the private ranges, or NAT64's 64:ff9b::/96) is received by the NAT gateway its subnet's
-- route table names. Traffic-path 1 to any other address no listed ENI holds stays in `vpc_egress` with an
-- unknown receiver AZ, so the insight can say how much it could not attribute. AZs are AZ IDs, which name
-- the same zone in every account (AZ names do not). The port is the service side of the conversation.
-- Rows keep their `day`, so the daily series (src/trends/) group these very rows by day.
WITH eni_ips AS (
  SELECT unnest(list_concat(private_ips, ipv6_ips)) AS ip, interface_id, az_id, subnet_id, kind FROM inventory_enis
),
route_nat AS (
  SELECT s.subnet_id, n.interface_id AS nat_interface_id, n.az_id AS nat_az_id
  FROM inventory_subnets s
  JOIN inventory_route_tables r USING (route_table_id)
  JOIN inventory_nat_gateways n ON n.nat_gateway_id = r.nat_gateway_ids[1]
),
egress AS (
  SELECT
    f.day, f.interface_id, f.subnet_id, f.dstaddr, coalesce(f.dstport, f.srcport) AS port, f.protocol, f.traffic_path, f.bytes,
    coalesce(f.az_id, sender.az_id) AS sender_az_id,
    sender.kind AS sender_kind,
    d.address_class IS DISTINCT FROM 'private'
      AND (f.dstaddr NOT LIKE '%:%' OR starts_with(f.dstaddr, '64:ff9b::')) AS natted
  FROM flow_rollup f
  LEFT JOIN inventory_enis sender ON sender.interface_id = f.interface_id
  LEFT JOIN addresses d ON d.address = f.dstaddr
  WHERE f.day BETWEEN DATE '{{from}}' AND DATE '{{to}}'
    AND f.flow_direction = 'egress' AND f.log_status = 'OK'
)
SELECT
  e.day,
  e.interface_id AS sender_interface_id,
  e.sender_kind,
  e.sender_az_id,
  coalesce(receiver.interface_id, rn.nat_interface_id) AS receiver_interface_id,
  coalesce(receiver.kind, CASE WHEN rn.nat_interface_id IS NOT NULL THEN 'nat_gateway' END) AS receiver_kind,
  coalesce(receiver.az_id, rn.nat_az_id) AS receiver_az_id,
  e.port,
  e.protocol,
  e.bytes
FROM egress e
LEFT JOIN eni_ips receiver ON receiver.ip = e.dstaddr
LEFT JOIN route_nat rn ON receiver.ip IS NULL AND e.traffic_path = 1 AND e.natted AND rn.subnet_id = e.subnet_id
WHERE receiver.ip IS NOT NULL OR rn.nat_interface_id IS NOT NULL OR (e.traffic_path = 1 AND NOT e.natted)
