/**
 * Benchmark (not a test): what the in-band DTMF detector (`providers/media/dtmf-detector.ts`)
 * costs per 20 ms frame. A call whose far end agreed no telephone-event runs every frame it hears
 * through it (RFC 4733 §1's fallback), so this is added to each received packet's cost.
 *
 *   npm run build:bench && node dist-bench/bench/dtmf-detector.js [seconds of audio=20] [rounds=5]
 */
import { DtmfDetector } from '../providers/media/dtmf-detector.js';
import { tone } from '../providers/media/dtmf-tones.js';
import { FRAME_SAMPLES } from '../providers/media/pcm.js';

const seconds = Number(process.argv[2] ?? 20);
const rounds = Number(process.argv[3] ?? 5);
const audio = tone(1000, seconds * 1000);
const frames: Int16Array[] = [];
for (let at = 0; at + FRAME_SAMPLES <= audio.length; at += FRAME_SAMPLES) frames.push(audio.slice(at, at + FRAME_SAMPLES));
const detector = new DtmfDetector();
const started = performance.now();
for (let round = 0; round < rounds; round++) for (const frame of frames) detector.push(frame);
const microseconds = ((performance.now() - started) * 1000) / (rounds * frames.length);
console.log(JSON.stringify({ frames: rounds * frames.length, microsecondsPerFrame: +microseconds.toFixed(2) }));
