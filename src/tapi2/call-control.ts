/**
 * What the hold and transfer functions ask of a line and its calls, apart from the functions
 * themselves (which lineGetCallStatus needs too): whether the line device declares a request,
 * and which calls a call could be swapped with.
 */
import type { CallActorRef } from '../../machines/line.js';
import type { LineFeatures } from '../../providers/provider.js';
import { LINECALLPRIVILEGE_OWNER } from './constants/call.js';
import type { CallEntry, LineEntry } from './handles.js';
import type { Tapi2Runtime } from './runtime.js';

/**
 * Whether the call's line device declares what a request needs (LINEADDRESSCAPS dwCallFeatures;
 * rule 10): a consultation transfer needs hold as well, since it holds the call first.
 */
export function lineCan(line: LineEntry, feature: keyof LineFeatures): boolean {
  const features = line.device.features ?? {};
  if (feature === 'transfer') return features.transfer === true && features.hold === true;
  return features[feature] === true;
}

/**
 * The application's other calls on the call's line device that it owns and still holds a handle
 * to: the calls lineSwapHold could swap it with (LINECALLFEATURE_SWAPHOLD).
 */
export function swapPartners(rt: Tapi2Runtime, entry: CallEntry): CallActorRef[] {
  const users = rt.devices.of(entry.line)?.users ?? [entry.line];
  const partners: CallActorRef[] = [];
  for (const user of users) {
    if (user.app !== entry.line.app) continue;
    for (const other of user.calls) {
      if (other !== entry && other.call && !other.released && other.privilege === LINECALLPRIVILEGE_OWNER) partners.push(other.call);
    }
  }
  return partners;
}
