/**
 * What each ground-truth number means: exactly which records were summed. Written into ground-truth.json
 * so a test or an insight can be checked against the rule, not only the value.
 */

export const TRUTH_DEFINITIONS = {
  period:
    "A record belongs to the UTC day its start time falls in, as every insight assigns it (the store's day " +
    "column), so each day's numbers are what a report for that day finds. Objects are placed by end time, " +
    "as AWS places them, so a record that spans midnight is in the next day's object but counted on the day " +
    "it started (the day before the first day holds only such records). 'total' adds up all days.",
  records: "Records written: text lines without the header line, or Parquet rows.",
  bytes:
    "Sum of the bytes field over all records (NODATA and SKIPDATA records carry none); packets likewise.",
  logStatus: "Records per log-status value.",
  action: "Records per action value; NODATA and SKIPDATA records have none.",
  accounts: "Per account-id (the owner of the record's ENI): records, bytes, packets.",
  natProcessedBytes:
    "Sum of bytes of records on the NAT gateway's ENI with flow-direction ingress (instance→NAT and " +
    "destination→NAT). Every byte the NAT gateway processes enters its ENI once; the egress records on the " +
    "NAT ENI carry the same bytes again and are not added.",
  s3ViaNatBytes:
    "Sum of bytes of records on the NAT gateway's ENI with flow-direction ingress and pkt-dst-aws-service S3 " +
    "(requests: srcaddr the instance, dstaddr the NAT, pkt-dstaddr the S3 address) or pkt-src-aws-service S3 " +
    "(responses: srcaddr the S3 address). Both directions, each byte once: the part of natProcessedBytes for S3.",
  s3ViaNatBytesBySourceSubnet: "s3ViaNatBytes split by the subnet of the ENI that opened the connection.",
  dynamodbViaNatBytes:
    "As s3ViaNatBytes, for DYNAMODB (DynamoDB has no endpoint: all of its traffic is here).",
  dynamodbViaNatBytesBySourceSubnet:
    "dynamodbViaNatBytes split by the subnet of the ENI that opened the connection.",
  s3ViaGatewayEndpointBytes:
    "Sum of bytes of records on ENIs other than the NAT gateway's for S3 traffic through the gateway endpoint: " +
    "egress records with traffic-path 7 (requests), plus ingress records with pkt-src-aws-service S3 on ENIs " +
    "whose subnet's route table uses the endpoint (responses).",
  crossAzBytes:
    "Sum of bytes of egress records whose next hop is an ENI of the VPC in a different AZ ID: the ENI that owns " +
    "dstaddr or, for egress records with traffic-path 1 and a dstaddr outside the VPC, the NAT gateway's ENI. " +
    "Keyed 'sender AZ ID>receiver AZ ID'. Each direction of each flow " +
    "is counted once, from its sender's egress record; hops to and from the NAT gateway count. Includes " +
    "egress records whose packets the receiver then rejected.",
  internetEgressBytes:
    "Sum of bytes of egress records with traffic-path 8 (internet gateway) and pkt-dst-aws-service '-' " +
    "(destination outside AWS's ranges), on any ENI.",
  internetEgressViaNatBytes:
    "The part of internetEgressBytes on the NAT gateway's ENI (NAT→destination records).",
  rejectsByDstPort: "REJECT records per dstport.",
  sshRdpProbes:
    "REJECT ingress records with dstport 22 or 3389 whose srcaddr is outside the VPC and outside AWS's ranges: " +
    "total, per port, per source address (the port scan's rejected 22/3389 probes included).",
  ipv6Records: "Records with type IPv6.",
  icmpRecords: "Records with protocol 1 (ICMP; ports 0).",
  midnightSpanningRecords: "Records whose start and end fall on different UTC days.",
  objects:
    "Every object written: path relative to outDir (POSIX), account (null for a single file), records.",
  portScan:
    "The one port scan: records counts the records of what sourceAddr sent to the target ENI (its probes; " +
    "the target's replies from its open ports are written too but not counted), rejectedRecords those " +
    "rejected; portsTouched is the number of distinct dstport values, windowStart/windowEnd the earliest " +
    "start and latest end of those records.",
  largeTransfer:
    "The one large upload: bytes is the sum of bytes of the source ENI's egress records to destinationAddr " +
    "during the hour (the upload counted once; the NAT ENI records carry it again).",
} as const;
