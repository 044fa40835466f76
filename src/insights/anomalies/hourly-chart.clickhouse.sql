-- The estate's bytes per hour of the period beside the baseline's median for that hour of day (an hour
-- without traffic on a baseline day counts as 0 bytes). No exact median in 18.16: the median is taken
-- from the sorted values, interpolated as DuckDB's, and rounded half away from zero as DuckDB casts it.
SELECT formatDateTime(p_hour, '%Y-%m-%dT%H:00Z') AS hour, p_bytes AS bytes,
  if(length(b_values) = 0, NULL, toInt64(floor(
    if(length(b_values) % 2 = 1,
      toFloat64(b_values[intDiv(length(b_values) + 1, 2)]),
      (b_values[intDiv(length(b_values), 2)] + b_values[intDiv(length(b_values), 2) + 1]) / 2) + 0.5)))
    AS baseline_median_bytes
FROM (
  SELECT hour AS p_hour, toHour(hour) AS p_hod, toInt64(sum(bytes)) AS p_bytes
  FROM hourly_rollup
  WHERE day BETWEEN toDate($from) AND toDate($to) AND isNotNull(hour)
  GROUP BY p_hour
)
ALL LEFT JOIN (
  -- Each baseline day's bytes in the hour (0 when it had none), sorted.
  SELECT b_hod, arraySort(arrayConcat(groupArray(bytes),
    arrayResize(emptyArrayInt64(), toUInt64((
      SELECT count() FROM (
        SELECT DISTINCT day FROM hourly_rollup
        WHERE day BETWEEN toDate($base_from) AND toDate($from) - 1 AND isNotNull(hour)
      )
    ) - count())))) AS b_values
  FROM (
    SELECT toHour(hour) AS b_hod, toInt64(sum(bytes)) AS bytes
    FROM hourly_rollup
    WHERE day BETWEEN toDate($base_from) AND toDate($from) - 1 AND isNotNull(hour)
    GROUP BY day, hour
  )
  GROUP BY b_hod
) ON p_hod = b_hod
ORDER BY p_hour
