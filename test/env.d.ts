// Types `env` and `exports` from "cloudflare:workers" inside the test pool as this project's.
declare namespace Cloudflare {
  type ProjectEnv = import("../src/env").Env;
  interface Env extends ProjectEnv {
    TEST_ISSUER_PRIVATE_JWK: string;
    TEST_ISSUER_NEXT_PRIVATE_JWK: string;
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    /** The webhook receiver every outbound fetch reaches (test/integration/webhook-receiver.js). */
    RECEIVER: Fetcher;
  }
  interface GlobalProps {
    mainModule: typeof import("../src/index");
  }
}
