-- Bytes sent within the VPC whose sender's or receiver's AZ is unknown.
SELECT t_bytes AS bytes
FROM (SELECT toInt64(sum(bytes)) AS t_bytes FROM vpc_egress WHERE isNull(sender_az_id) OR isNull(receiver_az_id))
