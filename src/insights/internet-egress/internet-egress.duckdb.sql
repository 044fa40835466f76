-- Bytes sent to the internet: egress records leaving through an internet gateway (traffic-path 8, or 2
-- on older instances) to an address outside AWS's ranges. Records on a NAT gateway's ENI are the NAT's
-- leg to the internet; those bytes also paid NAT processing.
-- Rows keep their `day`, so the daily series (src/trends/) group these very rows by day.
SELECT
  f.day,
  f.interface_id,
  coalesce(n.nat_gateway_id, e.resource_id, f.instance_id, f.interface_id) AS source,
  n.nat_gateway_id IS NOT NULL AS via_nat,
  f.dstaddr AS destination,
  coalesce(f.dstport, f.srcport) AS port,
  f.bytes
FROM flow_rollup f
LEFT JOIN addresses a ON a.address = f.dstaddr
LEFT JOIN inventory_nat_gateways n ON n.interface_id = f.interface_id
LEFT JOIN inventory_enis e ON e.interface_id = f.interface_id
WHERE f.day BETWEEN DATE '{{from}}' AND DATE '{{to}}'
  AND f.flow_direction = 'egress' AND f.log_status = 'OK'
  AND f.traffic_path IN (2, 8)
  AND coalesce(a.address_class, 'public') IN ('internet', 'public')
  AND f.pkt_dst_aws_service IS NULL
