-- Totals for the period: records, bytes, packets, accepted vs rejected, and lost visibility.
SELECT
  count(*) AS records,
  coalesce(sum(bytes), 0) AS bytes,
  coalesce(sum(packets), 0) AS packets,
  count(*) FILTER (action = 'ACCEPT') AS accepted,
  count(*) FILTER (action = 'REJECT') AS rejected,
  count(*) FILTER (log_status = 'NODATA') AS nodata,
  count(*) FILTER (log_status = 'SKIPDATA') AS skipdata,
  count(DISTINCT interface_id) AS interfaces,
  count(DISTINCT account_id) AS accounts,
  count(*) FILTER (CAST(end_time AS DATE) > day) AS spanning_midnight
FROM flows
WHERE day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
