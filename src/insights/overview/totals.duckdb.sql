-- Totals for the period: records, bytes, packets, accepted vs rejected, and lost visibility.
SELECT
  coalesce(sum(records), 0)::HUGEINT AS records,
  coalesce(sum(bytes), 0)::HUGEINT AS bytes,
  coalesce(sum(packets), 0)::HUGEINT AS packets,
  coalesce(sum(records) FILTER (action = 'ACCEPT'), 0)::HUGEINT AS accepted,
  coalesce(sum(records) FILTER (action = 'REJECT'), 0)::HUGEINT AS rejected,
  coalesce(sum(records) FILTER (log_status = 'NODATA'), 0)::HUGEINT AS nodata,
  coalesce(sum(records) FILTER (log_status = 'SKIPDATA'), 0)::HUGEINT AS skipdata,
  count(DISTINCT interface_id) AS interfaces,
  count(DISTINCT account_id) AS accounts,
  coalesce(sum(spanning_midnight), 0)::HUGEINT AS spanning_midnight
FROM flow_rollup
WHERE day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
