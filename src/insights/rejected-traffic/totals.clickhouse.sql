-- Rejected records of the period, and those whose source the classification does not know.
SELECT t_records AS records, t_unknown AS unknown
FROM (SELECT toInt64(sum(records)) AS t_records, toInt64(sumIf(records, source_class = 'unknown')) AS t_unknown FROM rejected)
