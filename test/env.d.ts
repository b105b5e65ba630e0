// Types `env` and `exports` from "cloudflare:workers" inside the test pool as this project's.
declare namespace Cloudflare {
  type ProjectEnv = import("../src/env").Env;
  interface Env extends ProjectEnv {}
  interface GlobalProps {
    mainModule: typeof import("../src/index");
  }
}
