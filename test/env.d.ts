// Types `env` and `exports` from "cloudflare:workers" inside the test pool as this project's.
declare namespace Cloudflare {
  type ProjectEnv = import("../src/env").Env;
  interface Env extends ProjectEnv {
    TEST_ISSUER_PRIVATE_JWK: string;
    TEST_ISSUER_NEXT_PRIVATE_JWK: string;
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    /** The webhook receiver every outbound fetch reaches (test/integration/webhook-receiver.js). */
    RECEIVER: Fetcher;
    /** The test identity provider at https://issuer.test (test/integration/oidc-issuer.js), and the private JWK it signs with. */
    ISSUER: Fetcher;
    TEST_OIDC_PRIVATE_JWK: string;
  }
  interface GlobalProps {
    mainModule: typeof import("../src/index");
  }
}
