/** The statements of the policies attached to a role in a synthesised template, for exact assertions. */
import type { Stack } from "aws-cdk-lib";
import type { Template } from "aws-cdk-lib/assertions";
import type * as iam from "aws-cdk-lib/aws-iam";

export function statementsOf(template: Template, stack: Stack, role: iam.IRole): unknown[] {
  const ref = stack.resolve((role.node.defaultChild as iam.CfnRole).ref);
  return Object.values(template.findResources("AWS::IAM::Policy"))
    .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([ref]))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as unknown[]);
}
