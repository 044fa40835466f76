-- Internet egress per day, from the internet-egress insight's own `internet_egress` (internet-egress.sql).
SELECT strftime(day, '%Y-%m-%d') AS day, sum(bytes)::HUGEINT AS bytes
FROM internet_egress
GROUP BY ALL
ORDER BY day
