/**
 * The call chart's inventory: every state and every transition definition it has, which is what
 * coverage is counted against.
 */
import type { AnyStateNode, AnyTransitionDefinition } from 'xstate';
import { callMachine } from '../../machines/call.js';

/** Every state node of the call chart below its root, by id. */
export function chartStateIds(): string[] {
  const ids: string[] = [];
  const visit = (node: AnyStateNode) => {
    for (const child of Object.values(node.states) as AnyStateNode[]) {
      ids.push(child.id);
      visit(child);
    }
  };
  visit(callMachine.root);
  return ids;
}

/** Every transition definition of the call chart (eventless and delayed ones included). */
export function chartTransitionDefinitions(): AnyTransitionDefinition[] {
  const all: AnyTransitionDefinition[] = [];
  const visit = (node: AnyStateNode) => {
    for (const definitions of (node.transitions as Map<string, AnyTransitionDefinition[]>).values()) all.push(...definitions);
    all.push(...((node.always ?? []) as AnyTransitionDefinition[]));
    for (const child of Object.values(node.states) as AnyStateNode[]) visit(child);
  };
  visit(callMachine.root);
  return all;
}

/** A readable key for a transition definition: `call.dialtone|DIAL [dialPending]`. */
export function transitionKey(t: AnyTransitionDefinition): string {
  const guard = t.guard === undefined ? '' : ` [${typeof t.guard === 'string' ? t.guard : ((t.guard as { type?: string }).type ?? 'guard')}]`;
  return `${t.source.id}|${t.eventType || 'always'}${guard}`;
}
