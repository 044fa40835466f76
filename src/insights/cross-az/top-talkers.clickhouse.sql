-- The ENI pairs and ports responsible for most cross-AZ bytes.
SELECT sender_interface_id, sender_kind, sender_az_id, receiver_interface_id, receiver_kind, receiver_az_id,
  protocol, port, t_bytes AS bytes
FROM (
  SELECT sender_interface_id, sender_kind, sender_az_id, receiver_interface_id, receiver_kind, receiver_az_id,
    protocol, port, toInt64(sum(bytes)) AS t_bytes
  FROM cross_az_egress
  GROUP BY sender_interface_id, sender_kind, sender_az_id, receiver_interface_id, receiver_kind, receiver_az_id,
    protocol, port
)
ORDER BY bytes DESC, sender_interface_id, receiver_interface_id, port, protocol
LIMIT $limit
