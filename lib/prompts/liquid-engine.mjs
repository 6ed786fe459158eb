// The LiquidJS sandbox is the SDK's own file: templates render the same on the server, in its
// render workers and in an application that renders locally, because it is one file.
export * from '../../sdk/src/liquid-engine.mjs';
