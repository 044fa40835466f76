-- Rejected records of the period with what each side is: the class of the source address (private,
-- aws, internet, public when no IP ranges are loaded) and of the destination.
CREATE OR REPLACE TEMP TABLE rejected AS
SELECT
  f.interface_id, f.subnet_id, f.srcaddr, f.dstaddr, f.dstport, f.protocol, f.flow_direction, f.packets,
  coalesce(src.address_class, 'unknown') AS source_class,
  coalesce(dst.address_class, 'unknown') AS destination_class,
  e.kind AS interface_kind
FROM flows f
LEFT JOIN addresses src ON src.address = f.srcaddr
LEFT JOIN addresses dst ON dst.address = f.dstaddr
LEFT JOIN inventory_enis e ON e.interface_id = f.interface_id
WHERE f.day BETWEEN DATE '{{from}}' AND DATE '{{to}}' AND f.action = 'REJECT'
