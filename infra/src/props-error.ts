/**
 * The one way a construct here refuses its props: at synth time, with a message that names the construct,
 * the prop, the value given and what was expected.
 */
import type { Construct } from "constructs";

export class FlowLensPropsError extends Error {
  override readonly name = "FlowLensPropsError";
}

/** Throws `<Construct> "<path>": <prop>: expected <expected>, got <given>`. */
export function refuseProp(scope: Construct, prop: string, expected: string, given: string): never {
  throw new FlowLensPropsError(
    `${scope.constructor.name} "${scope.node.path}": ${prop}: expected ${expected}, got ${given}`,
  );
}
