-- Each hour of the period against the same hour of day on every baseline day that has data, for the whole
-- estate (interface_id NULL) and for each ENI: median and median absolute deviation (MAD) of the baseline,
-- and a robust z-score, (value − median) / (1.4826 × MAD). When the MAD is 0 (most baseline hours equal)
-- the mean absolute deviation × 1.2533 stands in, and failing that one byte, so a new burst still scores.
WITH hours AS (
  SELECT day, hour, interface_id, sum(bytes) AS bytes
  FROM hourly_rollup
  WHERE day BETWEEN CAST($base_from AS DATE) AND CAST($to AS DATE) AND hour IS NOT NULL
  GROUP BY GROUPING SETS ((day, hour), (day, hour, interface_id))
),
-- The days that count as history, as history.sql counts them.
baseline_days AS (
  SELECT day FROM hours
  WHERE day < CAST($from AS DATE) AND interface_id IS NULL
  GROUP BY day
  HAVING count(DISTINCT hour) >= $min_hours_per_day
),
series AS (SELECT DISTINCT interface_id FROM hours),
-- Every series × baseline day × hour of day: an hour without traffic is 0 bytes, not missing.
grid AS (
  SELECT s.interface_id, d.day, h.hour_of_day
  FROM series s, baseline_days d, range(24) AS h(hour_of_day)
),
baseline AS (
  SELECT g.interface_id, g.hour_of_day, coalesce(x.bytes, 0) AS bytes
  FROM grid g
  LEFT JOIN hours x ON x.interface_id IS NOT DISTINCT FROM g.interface_id AND x.day = g.day
    AND hour(x.hour) = g.hour_of_day
),
stats AS (
  SELECT interface_id, hour_of_day, median(bytes) AS median_bytes, mad(bytes) AS mad_bytes,
    avg(bytes) AS mean_bytes
  FROM baseline GROUP BY ALL
),
spread AS (
  SELECT s.interface_id, s.hour_of_day, s.median_bytes, s.mad_bytes,
    greatest(1.4826 * s.mad_bytes, 1.2533 * avg(abs(b.bytes - s.median_bytes)), 1) AS scale
  FROM stats s
  JOIN baseline b ON b.interface_id IS NOT DISTINCT FROM s.interface_id AND b.hour_of_day = s.hour_of_day
  GROUP BY s.interface_id, s.hour_of_day, s.median_bytes, s.mad_bytes
),
scored AS (
  SELECT p.interface_id, strftime(p.hour, '%Y-%m-%dT%H:00Z') AS hour, p.bytes::HUGEINT AS bytes,
    s.median_bytes::HUGEINT AS baseline_median_bytes, s.mad_bytes::HUGEINT AS baseline_mad_bytes,
    round((p.bytes - s.median_bytes) / s.scale, 1) AS robust_z
  FROM hours p
  JOIN spread s ON s.interface_id IS NOT DISTINCT FROM p.interface_id AND s.hour_of_day = hour(p.hour)
  WHERE p.day >= CAST($from AS DATE)
)
SELECT *
FROM scored
WHERE abs(robust_z) >= $z_threshold AND abs(bytes - baseline_median_bytes) >= $min_bytes
ORDER BY abs(robust_z) DESC, interface_id NULLS FIRST, hour
LIMIT $top
