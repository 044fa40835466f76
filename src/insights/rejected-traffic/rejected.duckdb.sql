-- Rejected traffic of the period with what each side is: the class of the source address (private,
-- aws, internet, public when no IP ranges are loaded) and of the destination, and whether each is one of
-- your own (a private address, or an IPv6 address of one of your ENIs: those lie in AWS's public EC2
-- ranges). Rejected rows of the rollup keep their destination port, whatever it is.
-- Rows keep their `day`, so the daily series (src/trends/) group these very rows by day.
WITH own_ipv6 AS (
  SELECT DISTINCT unnest(ipv6_ips) AS address FROM inventory_enis
)
SELECT
  r.day, r.interface_id, r.subnet_id, r.srcaddr, r.dstaddr, r.dstport, r.protocol, r.flow_direction, r.packets, r.bytes, r.records,
  coalesce(src.address_class, 'unknown') AS source_class,
  coalesce(dst.address_class, 'unknown') AS destination_class,
  coalesce(src.address_class = 'private', false) OR own_src.address IS NOT NULL AS source_own,
  coalesce(dst.address_class = 'private', false) OR own_dst.address IS NOT NULL AS destination_own,
  e.kind AS interface_kind
FROM flow_rollup r
LEFT JOIN addresses src ON src.address = r.srcaddr
LEFT JOIN addresses dst ON dst.address = r.dstaddr
LEFT JOIN own_ipv6 own_src ON own_src.address = r.srcaddr
LEFT JOIN own_ipv6 own_dst ON own_dst.address = r.dstaddr
LEFT JOIN inventory_enis e ON e.interface_id = r.interface_id
WHERE r.day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND r.action = 'REJECT'
