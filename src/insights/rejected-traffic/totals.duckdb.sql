-- Rejected records of the period, and those whose source the classification does not know.
SELECT coalesce(sum(records), 0)::HUGEINT AS records, coalesce(sum(records) FILTER (source_class = 'unknown'), 0)::HUGEINT AS unknown FROM rejected
