/** Vitest setup file: after each test file's last test (and its own afterAll hooks), its shared temp dirs go. */
import { afterAll } from "vitest";
import { removeSharedTempDirs } from "./temp-dir.js";

afterAll(removeSharedTempDirs);
