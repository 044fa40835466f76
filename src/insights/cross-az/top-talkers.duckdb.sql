-- The ENI pairs and ports responsible for most cross-AZ bytes.
SELECT
  sender_interface_id, sender_kind, sender_az_id, receiver_interface_id, receiver_kind, receiver_az_id,
  protocol, port, sum(bytes)::HUGEINT AS bytes
FROM cross_az_egress
GROUP BY ALL
ORDER BY bytes DESC, sender_interface_id, receiver_interface_id, port, protocol
LIMIT $limit
