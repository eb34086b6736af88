import { it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { createTelephony } from '../src/index.js';
import { simulatedProvider } from '../providers/simulated/index.js';

it('scratch', async () => {
  const tel = createTelephony({ providers: [simulatedProvider({ timing: 'instant', numbers: { '5550199': { outcome: 'busy' } } })] });
  const line = await tel.openLine(0);
  const call = await line.makeCall('+1 (425) 555-0111');
  console.log(call.state, call.snapshot.context.reached);
  call.on('state', (e) => console.log('state', e.state, e.mode));
  console.log(await call.drop());
  const busy = await line.makeCall('5550199');
  console.log(busy.state, await busy.ended());
  await tel.shutdown();
  console.log(tel.actor.getSnapshot().status);
});
