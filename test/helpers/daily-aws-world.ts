/**
 * What the daily job needs from AWS, on this machine: a local S3 (s3rver) holding a demo's flow logs
 * under their AWSLogs/ keys, and a local Secrets Manager holding the Slack bot token and channel. Shared by
 * the daily job's end-to-end tests and `npm run sandbox`; the caller closes both servers.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { SLACK_TEST_CHANNEL, SLACK_TEST_TOKEN } from "./local-slack-api.js";
import { S3RVER_CREDENTIALS, type S3Server, startS3Server } from "./s3-server.js";
import { type SecretsManagerServer, startSecretsManagerServer } from "./secrets-manager-server.js";

/** The secret's name, as `slack.secret` or `--slack-secret` give it. */
export const SLACK_SECRET = "flowlens/slack";

export interface DailyAwsWorld {
  readonly s3: S3Server;
  readonly secrets: SecretsManagerServer;
  /** The environment that points the AWS SDK at both servers, with credentials they accept. */
  readonly env: Readonly<Record<string, string>>;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Starts both servers and uploads every object under `demoDir`/AWSLogs to `bucket`, keyed as AWS does. */
export async function startDailyAwsWorld(demoDir: string, bucket: string): Promise<DailyAwsWorld> {
  const s3 = await startS3Server();
  for (const file of filesUnder(join(demoDir, "AWSLogs"))) {
    await s3.put(bucket, relative(demoDir, file), readFileSync(file));
  }
  const secrets = await startSecretsManagerServer({
    secrets: [
      {
        name: SLACK_SECRET,
        secretString: JSON.stringify({ botToken: SLACK_TEST_TOKEN, channelId: SLACK_TEST_CHANNEL.id }),
      },
    ],
  });
  const env = {
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    AWS_EC2_METADATA_DISABLED: "true",
  };
  return { s3, secrets, env };
}
