import { exampleConfig } from "../shared/vite-config.ts";

export default exampleConfig(import.meta.url);
