-- Cross-AZ bytes per day, from the cross-az insight's own `cross_az_egress` (cross-az-egress.sql).
SELECT day, t_bytes AS bytes
FROM (SELECT day, toInt64(sum(bytes)) AS t_bytes FROM cross_az_egress GROUP BY day)
ORDER BY day
