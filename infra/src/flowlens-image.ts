/** The container image the constructs run by default: flowlens's release image, at this library's version. */
import * as ecs from "aws-cdk-lib/aws-ecs";

/** The flowlens release this library was built with; its image runs `flowlens` as the entrypoint. */
export const FLOWLENS_VERSION = "0.1.0";

/** `ghcr.io/flowlens/flowlens:<FLOWLENS_VERSION>` */
export const FLOWLENS_IMAGE_NAME = `ghcr.io/flowlens/flowlens:${FLOWLENS_VERSION}`;

/** The default image; pass your own `image` prop (e.g. `ContainerImage.fromAsset(repoRoot)`) to pin another. */
export function defaultFlowLensImage(): ecs.ContainerImage {
  return ecs.ContainerImage.fromRegistry(FLOWLENS_IMAGE_NAME);
}
