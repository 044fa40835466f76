-- Traffic by hour of start time (records are assigned to the hour, and the day, their start falls in).
SELECT formatDateTime(h, '%Y-%m-%dT%H:00Z') AS hour, t_records AS records, t_bytes AS bytes, t_rejected AS rejected
FROM (
  SELECT hour AS h, toInt64(sum(records)) AS t_records, toInt64(sum(bytes)) AS t_bytes,
    toInt64(sumIf(records, action = 'REJECT')) AS t_rejected
  FROM hourly_rollup
  WHERE day BETWEEN toDate($from) AND toDate($to) AND isNotNull(hour)
  GROUP BY h
)
ORDER BY h
