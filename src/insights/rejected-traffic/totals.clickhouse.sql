-- Rejected records of the period, and those whose source the classification does not know.
SELECT toInt64(sum(records)) AS records, toInt64(sumIf(records, source_class = 'unknown')) AS unknown FROM rejected
