-- The days of the range that hold data, as data-days.duckdb.sql finds them (read there why).
SELECT day
FROM hourly_rollup
WHERE day BETWEEN toDate($from) AND toDate($to) AND isNotNull(hour)
GROUP BY day
HAVING uniqExact(hour) >= 2
ORDER BY day
