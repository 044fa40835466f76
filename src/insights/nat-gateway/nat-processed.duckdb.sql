-- Every byte a NAT gateway processed in the period, once, with the host inside the VPC and the remote
-- address it talked to. On the NAT gateway's ENI each byte appears twice (once per leg); we keep:
--   outbound: inside host → NAT (ingress on the NAT ENI; the remote is pkt-dstaddr)
--   inbound:  NAT → inside host (egress on the NAT ENI; the remote is pkt-srcaddr)
-- The legs between the NAT and the remote carry the same bytes again and are left out. A format without
-- pkt-srcaddr/pkt-dstaddr (the default one) cannot say which inside host a leg serves: there the outside
-- legs (the NAT's own address ↔ the remote) stand for the bytes instead, once each, with no inside host.
-- Read from the rollup, so a row stands for every record of its conversation and leg.
-- Rows keep their `day`, so the daily series (src/trends/) group these very rows by day.
WITH nat_enis AS (
  SELECT interface_id, nat_gateway_id, az_id AS nat_az_id, subnet_id AS nat_subnet_id, private_ip AS nat_ip
  FROM inventory_nat_gateways
  WHERE interface_id IS NOT NULL
),
classified AS (
  SELECT
    f.day, n.nat_gateway_id, n.nat_az_id, f.bytes, f.srcaddr, f.dstaddr, f.pkt_srcaddr, f.pkt_dstaddr,
    f.pkt_src_aws_service, f.pkt_dst_aws_service,
    CASE
      WHEN f.pkt_srcaddr IS NULL AND f.pkt_dstaddr IS NULL THEN
        CASE
          WHEN f.srcaddr = n.nat_ip AND dst.address_class IS DISTINCT FROM 'private' THEN 'outside outbound'
          WHEN f.dstaddr = n.nat_ip AND src.address_class IS DISTINCT FROM 'private' THEN 'outside inbound'
        END
      WHEN f.flow_direction = 'ingress' AND f.pkt_dstaddr IS DISTINCT FROM f.dstaddr THEN 'outbound'
      WHEN f.flow_direction = 'egress' AND f.pkt_srcaddr IS DISTINCT FROM f.srcaddr THEN 'inbound'
    END AS kind
  FROM flow_rollup f
  JOIN nat_enis n ON f.interface_id = n.interface_id
  LEFT JOIN addresses src ON src.address = f.srcaddr
  LEFT JOIN addresses dst ON dst.address = f.dstaddr
  WHERE f.day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND f.log_status = 'OK'
),
legs AS (
  SELECT
    day, nat_gateway_id, nat_az_id, bytes,
    CASE WHEN kind LIKE '%outbound' THEN 'outbound' ELSE 'inbound' END AS leg,
    CASE kind WHEN 'outbound' THEN srcaddr WHEN 'inbound' THEN dstaddr END AS inside_address,
    CASE kind
      WHEN 'outbound' THEN pkt_dstaddr WHEN 'inbound' THEN pkt_srcaddr
      WHEN 'outside outbound' THEN dstaddr ELSE srcaddr
    END AS remote_address,
    CASE WHEN kind LIKE '%outbound' THEN pkt_dst_aws_service ELSE pkt_src_aws_service END AS remote_service
  FROM classified
  WHERE kind IS NOT NULL
),
inside_enis AS (
  SELECT unnest(e.private_ips) AS ip, e.interface_id, e.subnet_id, e.az_id, s.route_table_id
  FROM inventory_enis e
  LEFT JOIN inventory_subnets s USING (subnet_id)
)
SELECT
  l.day,
  l.nat_gateway_id,
  l.nat_az_id,
  l.leg,
  l.bytes,
  l.inside_address,
  l.remote_address,
  i.interface_id AS inside_interface_id,
  i.subnet_id AS inside_subnet_id,
  i.az_id AS inside_az_id,
  i.route_table_id AS inside_route_table_id,
  CASE
    WHEN coalesce(a.aws_service, l.remote_service) = 'S3' THEN 'S3'
    WHEN coalesce(a.aws_service, l.remote_service) = 'DYNAMODB' THEN 'DynamoDB'
    WHEN a.address_class = 'aws' OR l.remote_service IS NOT NULL THEN 'other AWS'
    ELSE 'internet'
  END AS destination
FROM legs l
LEFT JOIN addresses a ON a.address = l.remote_address
LEFT JOIN inside_enis i ON i.ip = l.inside_address
