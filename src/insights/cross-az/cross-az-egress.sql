-- The part of vpc_egress that crossed from one AZ to another.
SELECT * FROM vpc_egress WHERE receiver_az_id <> sender_az_id;
