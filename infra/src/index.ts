export { DailyReportJob, type DailyReportJobProps, INVENTORY_ACTIONS } from "./daily-report-job.js";
export { FLOWLENS_FLOW_LOG_FIELDS, flowLensLogFormat, REJECT_REASON_FIELD } from "./flow-log-format.js";
export { DEFAULT_FLOW_LOG_PREFIX, FlowLogsToS3, type FlowLogsToS3Props } from "./flow-logs-to-s3.js";
export { FLOWLENS_IMAGE_NAME, FLOWLENS_VERSION } from "./flowlens-image.js";
export { FlowLensPipeline, type FlowLensPipelineProps } from "./flowlens-pipeline.js";
export { GatewayEndpoints, type GatewayEndpointsProps } from "./gateway-endpoints.js";
export { FlowLensPropsError } from "./props-error.js";
export {
  FIREHOSE_PATH,
  SERVE_PORT,
  StreamingEndpoint,
  type StreamingEndpointProps,
} from "./streaming-endpoint.js";
