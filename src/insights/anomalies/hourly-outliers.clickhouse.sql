-- Each hour of the period against the same hour of day on every baseline day that has data, for the whole
-- estate and for each ENI, scored as hourly-outliers.duckdb.sql scores it (read there how). A series is
-- keyed by its ENI, '' for the estate. Its baseline for an hour of day is the array of that hour's bytes
-- on every baseline day, 0 where it had none, sorted: median and MAD are read from the sorted values and
-- interpolated as DuckDB's; rounding is half away from zero, as DuckDB's.
SELECT interface_id, hour, bytes, baseline_median_bytes, baseline_mad_bytes, robust_z
FROM (
  SELECT nullIf(p_key, '') AS interface_id, formatDateTime(p_hour, '%Y-%m-%dT%H:00Z') AS hour, p_bytes AS bytes,
    toInt64(floor(median_value + 0.5)) AS baseline_median_bytes,
    toInt64(floor(mad_value + 0.5)) AS baseline_mad_bytes,
    if(z10 < 0, -1, 1) * floor(abs(z10) + 0.5) / 10 AS robust_z,
    p_hour
  FROM (
    SELECT p_key, p_hour, p_bytes, median_value, mad_value,
      (p_bytes - median_value) / greatest(greatest(1.4826 * mad_value,
        1.2533 * arrayReduce('avg', arrayMap(v -> abs(v - median_value), b_values))), 1) * 10 AS z10
    FROM (
      SELECT p_key, p_hour, p_bytes, b_values, median_value,
        arraySort(arrayMap(v -> abs(v - median_value), b_values)) AS deviations,
        if(length(deviations) % 2 = 1,
          deviations[intDiv(length(deviations) + 1, 2)],
          (deviations[intDiv(length(deviations), 2)] + deviations[intDiv(length(deviations), 2) + 1]) / 2) AS mad_value
      FROM (
        SELECT p_key, p_hour, p_bytes, b_values,
          if(length(b_values) % 2 = 1,
            toFloat64(b_values[intDiv(length(b_values) + 1, 2)]),
            (b_values[intDiv(length(b_values), 2)] + b_values[intDiv(length(b_values), 2) + 1]) / 2) AS median_value
        FROM (
          SELECT p_key, p_hour, p_bytes,
            -- Baseline days without a row for this series and hour had 0 bytes in it.
            arraySort(arrayConcat(b_found, arrayResize(emptyArrayInt64(), toUInt64((
              SELECT count() FROM (
                SELECT day FROM hourly_rollup
                WHERE day BETWEEN toDate($base_from) AND toDate($from) - 1 AND isNotNull(hour)
                GROUP BY day HAVING uniqExact(hour) >= $min_hours_per_day
              )
            ) - length(b_found))))) AS b_values
          FROM (
            SELECT p_key, p_hour, p_hod, p_bytes FROM (
              SELECT '' AS p_key, hour AS p_hour, toHour(hour) AS p_hod, toInt64(sum(bytes)) AS p_bytes
              FROM hourly_rollup
              WHERE day BETWEEN toDate($from) AND toDate($to) AND isNotNull(hour)
              GROUP BY p_hour
              UNION ALL
              SELECT ifNull(interface_id, '') AS p_key, hour AS p_hour, toHour(hour) AS p_hod, toInt64(sum(bytes)) AS p_bytes
              FROM hourly_rollup
              WHERE day BETWEEN toDate($from) AND toDate($to) AND isNotNull(hour)
              GROUP BY p_key, p_hour
            )
          )
          ALL LEFT JOIN (
            SELECT b_key, b_hod, groupArray(b_bytes) AS b_found
            FROM (
              SELECT b_key, b_hod, b_bytes FROM (
                SELECT '' AS b_key, day AS b_day, toHour(hour) AS b_hod, toInt64(sum(bytes)) AS b_bytes
                FROM hourly_rollup
                WHERE day BETWEEN toDate($base_from) AND toDate($from) - 1 AND isNotNull(hour)
                GROUP BY b_day, hour
                UNION ALL
                SELECT ifNull(interface_id, '') AS b_key, day AS b_day, toHour(hour) AS b_hod, toInt64(sum(bytes)) AS b_bytes
                FROM hourly_rollup
                WHERE day BETWEEN toDate($base_from) AND toDate($from) - 1 AND isNotNull(hour)
                GROUP BY b_key, b_day, hour
              )
              WHERE b_day GLOBAL IN (
                SELECT day FROM hourly_rollup
                WHERE day BETWEEN toDate($base_from) AND toDate($from) - 1 AND isNotNull(hour)
                GROUP BY day HAVING uniqExact(hour) >= $min_hours_per_day
              )
            )
            GROUP BY b_key, b_hod
          ) ON p_key = b_key AND p_hod = b_hod
        )
      )
    )
  )
)
WHERE abs(robust_z) >= $z_threshold AND abs(bytes - baseline_median_bytes) >= $min_bytes
ORDER BY abs(robust_z) DESC, interface_id ASC NULLS FIRST, hour
LIMIT $top
