export * from '../../sdk/src/liquid-engine.mjs';
