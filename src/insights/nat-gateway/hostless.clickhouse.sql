-- Bytes of nat_processed whose inside host is unknown (a format without pkt-srcaddr/pkt-dstaddr).
SELECT t_bytes AS bytes FROM (SELECT toInt64(sumIf(bytes, isNull(inside_address))) AS t_bytes FROM nat_processed)
