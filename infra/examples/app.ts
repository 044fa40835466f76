/**
 * The example app: `npx cdk deploy -c vpcId=vpc-… -c slackSecretName=flowlens/slack` (or without vpcId for
 * a demo VPC); add `-c certificateArn=… -c domainName=flowlens.example.com` for the streaming endpoint.
 * `-c nag=true` runs cdk-nag's AwsSolutions checks at synth.
 */
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { FlowLensExampleStack } from "./flowlens-example-stack.js";

const app = new App();
const context = (key: string): string | undefined => {
  const value = app.node.tryGetContext(key);
  return typeof value === "string" && value !== "" ? value : undefined;
};
const vpcId = context("vpcId");
const slackSecretName = context("slackSecretName");
const certificateArn = context("certificateArn");
const domainName = context("domainName");
new FlowLensExampleStack(app, "FlowLens", {
  // A VPC lookup needs the account and region; a demo VPC needs neither.
  ...(vpcId
    ? { env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } }
    : {}),
  ...(vpcId ? { vpcId } : {}),
  ...(slackSecretName ? { slackSecretName } : {}),
  ...(certificateArn ? { certificateArn } : {}),
  ...(domainName ? { domainName } : {}),
});
if (context("nag") === "true") Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
