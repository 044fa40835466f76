-- Cross-AZ bytes per ordered AZ ID pair (sender > receiver).
SELECT sender_az_id || '>' || receiver_az_id AS az_pair, sender_az_id, receiver_az_id, sum(bytes)::HUGEINT AS bytes
FROM cross_az_egress
GROUP BY ALL
ORDER BY bytes DESC, az_pair
