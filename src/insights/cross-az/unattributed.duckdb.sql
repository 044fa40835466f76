-- Bytes sent within the VPC whose sender's or receiver's AZ is unknown.
SELECT coalesce(sum(bytes), 0)::HUGEINT AS bytes FROM vpc_egress WHERE sender_az_id IS NULL OR receiver_az_id IS NULL
