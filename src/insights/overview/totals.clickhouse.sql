-- Totals for the period: records, bytes, packets, accepted vs rejected, and lost visibility.
-- (ClickHouse reads a column's own name as the alias of the same name: sums are named t_* first.)
SELECT t_records AS records, t_bytes AS bytes, t_packets AS packets, t_accepted AS accepted,
  t_rejected AS rejected, t_nodata AS nodata, t_skipdata AS skipdata, t_interfaces AS interfaces,
  t_accounts AS accounts, t_spanning AS spanning_midnight
FROM (
  SELECT
    toInt64(sum(records)) AS t_records,
    toInt64(sum(bytes)) AS t_bytes,
    toInt64(sum(packets)) AS t_packets,
    toInt64(sumIf(records, action = 'ACCEPT')) AS t_accepted,
    toInt64(sumIf(records, action = 'REJECT')) AS t_rejected,
    toInt64(sumIf(records, log_status = 'NODATA')) AS t_nodata,
    toInt64(sumIf(records, log_status = 'SKIPDATA')) AS t_skipdata,
    uniqExact(interface_id) AS t_interfaces,
    uniqExact(account_id) AS t_accounts,
    toInt64(sum(spanning_midnight)) AS t_spanning
  FROM flow_rollup
  WHERE day BETWEEN toDate($from) AND toDate($to)
)
