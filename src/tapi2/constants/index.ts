/**
 * Every TAPI 2 line constant and message id, by its C name with its C value. Each file here
 * holds constants only, so re-exporting them whole keeps the public list exact.
 */
export * from './agent.js';
export * from './call.js';
export * from './errors.js';
export * from './line.js';
export * from './media.js';
export * from './messages.js';
