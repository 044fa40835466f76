-- The days of the range that hold data: records from at least two of their hours, as monthly-rate.ts
-- counts them (the flows open at the first ingested midnight are not a day of data).
SELECT strftime(day, '%Y-%m-%d') AS day
FROM hourly_rollup
WHERE day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) AND hour IS NOT NULL
GROUP BY day
HAVING count(DISTINCT hour) >= 2
ORDER BY day
