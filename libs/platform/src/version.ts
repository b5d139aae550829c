/** Version of the deepworks services, reported by /health and OpenAPI. */
export const DEEPWORKS_VERSION = '0.1.0';
