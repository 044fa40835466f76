-- The estate's bytes per hour of the period beside the baseline's median for that hour of day.
WITH hours AS (
  SELECT day, hour, sum(bytes) AS bytes
  FROM hourly_rollup
  WHERE day BETWEEN CAST($base_from AS DATE) AND CAST($to AS DATE) AND hour IS NOT NULL
  GROUP BY ALL
),
baseline_days AS (SELECT DISTINCT day FROM hours WHERE day < CAST($from AS DATE)),
baseline AS (
  SELECT h.hour_of_day, median(coalesce(x.bytes, 0)) AS median_bytes
  FROM baseline_days d CROSS JOIN range(24) AS h(hour_of_day)
  LEFT JOIN hours x ON x.day = d.day AND hour(x.hour) = h.hour_of_day
  GROUP BY ALL
)
SELECT strftime(p.hour, '%Y-%m-%dT%H:00Z') AS hour, p.bytes::HUGEINT AS bytes, b.median_bytes::HUGEINT AS baseline_median_bytes
FROM hours p
LEFT JOIN baseline b ON b.hour_of_day = hour(p.hour)
WHERE p.day >= CAST($from AS DATE)
ORDER BY p.hour
