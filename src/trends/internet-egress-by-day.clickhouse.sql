-- Internet egress per day, from the internet-egress insight's own `internet_egress`
-- (internet-egress.clickhouse.sql).
SELECT day, t_bytes AS bytes
FROM (SELECT day, toInt64(sum(bytes)) AS t_bytes FROM internet_egress GROUP BY day)
ORDER BY day
