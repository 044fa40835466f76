-- Bytes of nat_processed whose inside host is unknown (a format without pkt-srcaddr/pkt-dstaddr).
SELECT toInt64(sumIf(bytes, isNull(inside_address))) AS bytes FROM nat_processed
