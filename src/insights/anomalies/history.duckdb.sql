-- The baseline days that have flow log data: records in at least $min_hours_per_day of their hours. A day
-- that was never ingested is not a quiet day, and neither is one that holds only the flows that started
-- before the first ingested midnight.
SELECT count(*)::INTEGER AS days
FROM (
  SELECT day
  FROM hourly_rollup
  WHERE day BETWEEN CAST($base_from AS DATE) AND CAST($base_to AS DATE) AND hour IS NOT NULL
  GROUP BY day
  HAVING count(DISTINCT hour) >= $min_hours_per_day
)
