-- Rejected traffic of the period with what each side is, as rejected.duckdb.sql says: the class of each
-- address, and whether each is one of your own (a private address, or an IPv6 address of one of your ENIs).
SELECT day, interface_id, subnet_id, srcaddr, dstaddr, dstport, protocol, flow_direction, packets, bytes, records,
  ifNull(s_class, 'unknown') AS source_class,
  ifNull(d_class, 'unknown') AS destination_class,
  ifNull(s_class = 'private', 0) OR ifNull(srcaddr GLOBAL IN (SELECT arrayJoin(ipv6_ips) FROM inventory_enis), 0) AS source_own,
  ifNull(d_class = 'private', 0) OR ifNull(dstaddr GLOBAL IN (SELECT arrayJoin(ipv6_ips) FROM inventory_enis), 0) AS destination_own,
  e_kind AS interface_kind
FROM (
  SELECT day, interface_id, subnet_id, srcaddr, dstaddr, dstport, protocol, flow_direction, packets, bytes, records, s_class, d_class
  FROM (
    SELECT day, interface_id, subnet_id, srcaddr, dstaddr, dstport, protocol, flow_direction, packets, bytes, records, s_class
    FROM (
      SELECT day, interface_id, subnet_id, srcaddr, dstaddr, dstport, protocol, flow_direction, packets, bytes, records
      FROM flow_rollup
      WHERE day BETWEEN toDate('{{from}}') AND toDate('{{to}}') AND action = 'REJECT'
    )
    ALL LEFT JOIN (SELECT address AS s_address, address_class AS s_class FROM addresses) ON srcaddr = s_address
  )
  ALL LEFT JOIN (SELECT address AS d_address, address_class AS d_class FROM addresses) ON dstaddr = d_address
)
ALL LEFT JOIN (SELECT interface_id AS e_interface_id, kind AS e_kind FROM inventory_enis) ON interface_id = e_interface_id
SETTINGS join_use_nulls = 1
