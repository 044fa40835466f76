-- Rejected traffic of the period with what each side is: the class of the source address (private,
-- aws, internet, public when no IP ranges are loaded) and of the destination. Rejected rows of the
-- rollup keep their destination port, whatever it is.
CREATE OR REPLACE TEMP TABLE rejected AS
SELECT
  r.interface_id, r.subnet_id, r.srcaddr, r.dstaddr, r.dstport, r.protocol, r.flow_direction, r.packets, r.records,
  coalesce(src.address_class, 'unknown') AS source_class,
  coalesce(dst.address_class, 'unknown') AS destination_class,
  e.kind AS interface_kind
FROM flow_rollup r
LEFT JOIN addresses src ON src.address = r.srcaddr
LEFT JOIN addresses dst ON dst.address = r.dstaddr
LEFT JOIN inventory_enis e ON e.interface_id = r.interface_id
WHERE r.day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND r.action = 'REJECT'
