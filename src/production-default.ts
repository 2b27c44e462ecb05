// Imported first by main.ts: unless told otherwise, the service runs in production mode, which
// also spares graphql-js its development-time checks on every field (seen in a CPU profile).
process.env.NODE_ENV ??= 'production';

export {};
