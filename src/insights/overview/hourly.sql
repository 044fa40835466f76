-- Traffic by hour of start time (records are assigned to the hour, and the day, their start falls in).
SELECT
  strftime(date_trunc('hour', start_time), '%Y-%m-%dT%H:00Z') AS hour,
  count(*) AS records,
  coalesce(sum(bytes), 0) AS bytes,
  count(*) FILTER (action = 'REJECT') AS rejected
FROM flows
WHERE day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) AND start_time IS NOT NULL
GROUP BY 1
ORDER BY 1
