-- REJECTs between your own addresses (private ones, and your ENIs' IPv6 addresses): usually a security
-- group or network ACL that is missing a rule, rather than an attack. total_records counts every such
-- record, not only the rows shown.
SELECT srcaddr, dstaddr, protocol, dstport, interface_id, subnet_id, sum(records)::HUGEINT AS records,
  sum(sum(records)) OVER ()::HUGEINT AS total_records
FROM rejected
WHERE source_own AND destination_own
GROUP BY ALL
ORDER BY records DESC, srcaddr, dstaddr, dstport, protocol, interface_id, subnet_id
LIMIT $limit
