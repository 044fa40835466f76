-- Cross-AZ bytes per ordered AZ ID pair (sender > receiver).
SELECT concat(sender_az_id, '>', receiver_az_id) AS az_pair, sender_az_id, receiver_az_id, t_bytes AS bytes
FROM (
  SELECT sender_az_id, receiver_az_id, toInt64(sum(bytes)) AS t_bytes
  FROM cross_az_egress
  GROUP BY sender_az_id, receiver_az_id
)
ORDER BY bytes DESC, az_pair
