/**
 * How a task gets its flowlens config file: flowlens reads settings from a file (`--config`), so a small
 * first container of the same image writes the settings the construct rendered (JSON, which is YAML) to a
 * task-local volume, and the flowlens containers start after it with that volume mounted read-only. The
 * settings are in the task definition for anyone to read; they name buckets and secrets, never hold one.
 */
import { Stack } from "aws-cdk-lib";
import * as ecs from "aws-cdk-lib/aws-ecs";

/** Where the flowlens containers find the config file. */
export const CONFIG_FILE = "/flowlens-config/flowlens.yaml";
/** The environment variable of the config container that holds the rendered settings. */
export const CONFIG_ENV = "FLOWLENS_CONFIG_JSON";
const VOLUME = "flowlens-config";
const WRITE = `require("node:fs").writeFileSync(process.argv[1], process.env.${CONFIG_ENV}, { mode: 0o644 })`;

export interface ConfigFileOptions {
  readonly image: ecs.ContainerImage;
  readonly logging: ecs.LogDriver;
  /** The settings, as flowlens.yaml holds them; tokens (bucket names, ARNs) are resolved at deploy. */
  readonly settings: Record<string, unknown>;
}

/** Adds the config container to `taskDefinition`; pass what it returns to `mountConfigFile`. */
export function addConfigContainer(
  taskDefinition: ecs.TaskDefinition,
  options: ConfigFileOptions,
): ecs.ContainerDefinition {
  taskDefinition.addVolume({ name: VOLUME });
  const container = taskDefinition.addContainer("config", {
    image: options.image,
    essential: false,
    // The empty task volume belongs to root; the file it writes is readable by the image's user.
    user: "0",
    entryPoint: ["node", "-e", WRITE],
    command: [CONFIG_FILE],
    environment: { [CONFIG_ENV]: Stack.of(taskDefinition).toJsonString(options.settings) },
    logging: options.logging,
    memoryReservationMiB: 64,
  });
  container.addMountPoints({ sourceVolume: VOLUME, containerPath: dirOf(CONFIG_FILE), readOnly: false });
  return container;
}

/** Mounts the config file read-only in `container`, which starts once the file is written. */
export function mountConfigFile(
  container: ecs.ContainerDefinition,
  configContainer: ecs.ContainerDefinition,
) {
  container.addMountPoints({ sourceVolume: VOLUME, containerPath: dirOf(CONFIG_FILE), readOnly: true });
  container.addContainerDependencies({
    container: configContainer,
    condition: ecs.ContainerDependencyCondition.SUCCESS,
  });
}

function dirOf(path: string): string {
  return path.slice(0, path.lastIndexOf("/"));
}
