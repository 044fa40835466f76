-- Bytes of nat_processed whose inside host is unknown (a format without pkt-srcaddr/pkt-dstaddr).
SELECT coalesce(sum(bytes) FILTER (inside_address IS NULL), 0)::HUGEINT AS bytes FROM nat_processed
