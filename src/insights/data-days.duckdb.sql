-- The days of the period with data: records from at least two of their hours (see monthly-rate.ts).
SELECT count(*)::INTEGER FROM (
  SELECT day FROM hourly_rollup
  WHERE day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) AND hour IS NOT NULL
  GROUP BY day HAVING count(DISTINCT hour) >= 2
)
