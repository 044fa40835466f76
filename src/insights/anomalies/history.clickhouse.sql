-- The baseline days that have flow log data: records in at least $min_hours_per_day of their hours (see
-- history.duckdb.sql).
SELECT toInt32(count()) AS days
FROM (
  SELECT day
  FROM hourly_rollup
  WHERE day BETWEEN toDate($base_from) AND toDate($base_to) AND isNotNull(hour)
  GROUP BY day
  HAVING uniqExact(hour) >= $min_hours_per_day
)
