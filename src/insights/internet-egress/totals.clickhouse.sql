-- Internet egress bytes of the period, and those that also paid NAT processing.
SELECT t_bytes AS bytes, t_via_nat AS via_nat
FROM (SELECT toInt64(sum(bytes)) AS t_bytes, toInt64(sumIf(bytes, via_nat = 1)) AS t_via_nat FROM internet_egress)
