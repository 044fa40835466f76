-- Internet egress bytes of the period, and those that also paid NAT processing.
SELECT toInt64(sum(bytes)) AS bytes, toInt64(sumIf(bytes, via_nat = 1)) AS via_nat FROM internet_egress
