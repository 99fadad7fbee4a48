// Load patterns: sequential round trips, a paced stream across rooms, and a burst. A round trip is
// from just before the PUT of the command to the arrival of the reply in the observer's sync.
import { setTimeout as sleep } from "node:timers/promises";
import type { BenchUser, Seen } from "./client.ts";
import type { Replies } from "./world.ts";

/**
 * One command and its reply: ms from just before the PUT to the reply's arrival. Then waits `quietMs`
 * without bot events, so follow-ups (an approval also edits the draft's card) are out of the way.
 * `serverMs`: from Synapse storing the command to Synapse storing the reply, by its own stamps (the
 * bot's sync, its work and its PUT; not the observer's side), NaN if the command was not seen.
 */
export async function roundTrip(replies: Replies, sender: BenchUser, room: string, body: string, quietMs = 30): Promise<{ ms: number; serverMs: number; reply: Seen }> {
  const t0 = performance.now();
  const id = await sender.send(room, body);
  const reply = await replies.wait(id, 30_000);
  await replies.settle(quietMs);
  return { ms: reply.arrivedAt - t0, serverMs: reply.originTs - (replies.stamps.get(id) ?? Number.NaN), reply };
}

export interface Paced {
  sent: number;
  /** ms until the homeserver had accepted every command (longer than planned when it cannot keep up). */
  sendMs: number;
  rtts: number[];
  lost: number;
}

/**
 * `rate` commands per second for `seconds`, round-robin over the rooms, not waiting for replies; a
 * reply not seen within `timeoutMs` of its command counts as unanswered.
 */
export async function paced(replies: Replies, senders: readonly BenchUser[], rooms: readonly string[], rate: number, seconds: number, command: (i: number) => string, timeoutMs = 60_000): Promise<Paced> {
  const total = rate * seconds;
  const rtts: number[] = [];
  let lost = 0;
  const pending: Promise<void>[] = [];
  const sends: Promise<string>[] = [];
  const start = performance.now();
  for (let k = 0; k < total; k++) {
    const at = start + (k * 1000) / rate;
    const wait = at - performance.now();
    if (wait > 0) await sleep(wait);
    const i = k % rooms.length;
    pending.push(
      (async () => {
        const t0 = performance.now();
        const sending = (senders[i] as BenchUser).send(rooms[i] as string, command(k));
        sends.push(sending);
        const id = await sending;
        try {
          rtts.push((await replies.wait(id, timeoutMs)).arrivedAt - t0);
        } catch {
          lost++;
        }
      })(),
    );
  }
  await Promise.all(sends);
  const sendMs = performance.now() - start;
  await Promise.all(pending);
  return { sent: total, sendMs, rtts, lost };
}

export interface Burst {
  sent: number;
  /** ms from the first PUT until the homeserver had accepted all. */
  acceptedMs: number;
  /** ms from the first PUT until the last reply arrived. */
  answeredMs: number;
  lost: number;
  duplicated: number;
}

/** `total` commands, each sender PUTting into its room as fast as the homeserver answers. */
export async function burst(replies: Replies, senders: readonly BenchUser[], rooms: readonly string[], total: number, command: (i: number) => string): Promise<Burst> {
  const ids: string[] = [];
  const perSender = Math.ceil(total / senders.length);
  const start = performance.now();
  await Promise.all(
    senders.map(async (s, i) => {
      for (let j = 0; j < perSender && i * perSender + j < total; j++) ids.push(await s.send(rooms[i] as string, command(i * perSender + j)));
    }),
  );
  const acceptedMs = performance.now() - start;
  let last = 0;
  let lost = 0;
  await Promise.all(
    ids.map(async (id) => {
      try {
        last = Math.max(last, (await replies.wait(id, 120_000)).arrivedAt);
      } catch {
        lost++;
      }
    }),
  );
  await sleep(3_000); // room for a duplicate to show up
  return { sent: ids.length, acceptedMs, answeredMs: last - start, lost, duplicated: ids.filter((id) => replies.count(id) > 1).length };
}
