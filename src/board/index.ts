/**
 * `xtapi/board`: the call board, a local page that shows a running telephony live (lines,
 * calls, each call's statechart with its active state, an event log), offline.
 *
 * @packageDocumentation
 */
export { startBoard } from './board-server.js';
export type { BoardOptions, BoardServer } from './board-server.js';
export { BoardFeed } from './board-feed.js';
export type { BoardCall, BoardFeedOptions, BoardLine, BoardLogEntry, BoardUpdate } from './board-feed.js';
