-- The days of the period with data: records from at least two of their hours (see monthly-rate.ts).
SELECT toInt32(count()) FROM (
  SELECT day FROM hourly_rollup
  WHERE day BETWEEN toDate($from) AND toDate($to) AND isNotNull(hour)
  GROUP BY day HAVING uniqExact(hour) >= 2
)
