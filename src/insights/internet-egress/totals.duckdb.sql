-- Internet egress bytes of the period, and those that also paid NAT processing.
SELECT coalesce(sum(bytes), 0)::HUGEINT AS bytes, coalesce(sum(bytes) FILTER (via_nat), 0)::HUGEINT AS via_nat FROM internet_egress
