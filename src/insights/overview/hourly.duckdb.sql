-- Traffic by hour of start time (records are assigned to the hour, and the day, their start falls in).
SELECT
  strftime(hour, '%Y-%m-%dT%H:00Z') AS hour,
  sum(records)::HUGEINT AS records,
  coalesce(sum(bytes), 0)::HUGEINT AS bytes,
  coalesce(sum(records) FILTER (action = 'REJECT'), 0)::HUGEINT AS rejected
FROM hourly_rollup
WHERE day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) AND hour IS NOT NULL
GROUP BY hour
ORDER BY hour
