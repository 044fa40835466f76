-- Every byte a NAT gateway processed in the period, once, with the host inside the VPC and the remote
-- address it talked to. On the NAT gateway's ENI each byte appears twice (once per leg); we keep:
--   outbound: inside host → NAT (ingress on the NAT ENI; the remote is pkt-dstaddr)
--   inbound:  NAT → inside host (egress on the NAT ENI; the remote is pkt-srcaddr)
-- The legs between the NAT and the remote carry the same bytes again and are left out. Read from the
-- rollup, so a row stands for every record of its conversation and leg.
CREATE OR REPLACE TEMP TABLE nat_processed AS
WITH nat_enis AS (
  SELECT interface_id, nat_gateway_id, az_id AS nat_az_id, subnet_id AS nat_subnet_id, private_ip AS nat_ip
  FROM inventory_nat_gateways
  WHERE interface_id IS NOT NULL
),
legs AS (
  SELECT
    n.nat_gateway_id, n.nat_az_id, f.bytes, f.account_id,
    CASE
      WHEN f.flow_direction = 'ingress' AND f.pkt_dstaddr IS DISTINCT FROM f.dstaddr THEN 'outbound'
      WHEN f.flow_direction = 'egress' AND f.pkt_srcaddr IS DISTINCT FROM f.srcaddr THEN 'inbound'
    END AS leg,
    f.srcaddr, f.dstaddr, f.pkt_srcaddr, f.pkt_dstaddr, f.pkt_src_aws_service, f.pkt_dst_aws_service
  FROM flow_rollup f
  JOIN nat_enis n ON f.interface_id = n.interface_id
  WHERE f.day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND f.log_status = 'OK'
),
inside_enis AS (
  SELECT unnest(e.private_ips) AS ip, e.interface_id, e.subnet_id, e.az_id, s.route_table_id
  FROM inventory_enis e
  LEFT JOIN inventory_subnets s USING (subnet_id)
)
SELECT
  l.nat_gateway_id,
  l.nat_az_id,
  l.leg,
  l.bytes,
  CASE l.leg WHEN 'outbound' THEN l.srcaddr ELSE l.dstaddr END AS inside_address,
  CASE l.leg WHEN 'outbound' THEN l.pkt_dstaddr ELSE l.pkt_srcaddr END AS remote_address,
  i.interface_id AS inside_interface_id,
  i.subnet_id AS inside_subnet_id,
  i.az_id AS inside_az_id,
  i.route_table_id AS inside_route_table_id,
  CASE
    WHEN coalesce(a.aws_service, CASE l.leg WHEN 'outbound' THEN l.pkt_dst_aws_service ELSE l.pkt_src_aws_service END) = 'S3' THEN 'S3'
    WHEN coalesce(a.aws_service, CASE l.leg WHEN 'outbound' THEN l.pkt_dst_aws_service ELSE l.pkt_src_aws_service END) = 'DYNAMODB' THEN 'DynamoDB'
    WHEN a.address_class = 'aws'
      OR CASE l.leg WHEN 'outbound' THEN l.pkt_dst_aws_service ELSE l.pkt_src_aws_service END IS NOT NULL THEN 'other AWS'
    ELSE 'internet'
  END AS destination
FROM legs l
LEFT JOIN addresses a ON a.address = CASE l.leg WHEN 'outbound' THEN l.pkt_dstaddr ELSE l.pkt_srcaddr END
LEFT JOIN inside_enis i ON i.ip = CASE l.leg WHEN 'outbound' THEN l.srcaddr ELSE l.dstaddr END
WHERE l.leg IS NOT NULL
