-- The baseline days that have any flow log data (a day that was never ingested is not a quiet day).
SELECT count(DISTINCT day)::INTEGER AS days
FROM hourly_rollup
WHERE day BETWEEN CAST($base_from AS DATE) AND CAST($base_to AS DATE)
