-- REJECTs between your own private addresses: usually a security group or network ACL that is missing a
-- rule, rather than an attack.
SELECT srcaddr, dstaddr, protocol, dstport, interface_id, subnet_id, sum(records)::BIGINT AS records
FROM rejected
WHERE source_class = 'private' AND destination_class = 'private'
GROUP BY ALL
ORDER BY records DESC, srcaddr, dstaddr, dstport
LIMIT $limit
