-- Cross-AZ bytes per day, from the cross-az insight's own `cross_az_egress` (cross-az-egress.sql).
SELECT strftime(day, '%Y-%m-%d') AS day, sum(bytes)::HUGEINT AS bytes
FROM cross_az_egress
GROUP BY ALL
ORDER BY day
