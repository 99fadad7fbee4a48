import { expect, it } from "vitest";
import { ensureRecurring } from "../../../src/records/recurring.ts";
import { POLICE_PRESS } from "../../support/db.ts";
import { ROOM, setup } from "../../support/pipeline.ts";

const ANNA = "@anna:stadt.example";

it("keeps the bot's copies of sent messages for retention.sentMessages, then only what edits need", () => {
  const t = setup({ config: { retention: { sentMessages: "30d" } } });
  ensureRecurring(t, [ROOM]);
  t.advance(0);
  t.send(ANNA, "!presse entwurf Geheimer Titel\nText über Herrn X.");
  t.take();
  // Everything so far went out now (the unit harness does not send).
  t.db.prepare("UPDATE outbox SET state = 'sent', sent_at = ?, event_id = '$e' || id WHERE state = 'pending'").run(t.clock.t);
  const texts = () => t.count("SELECT COUNT(*) FROM outbox WHERE content LIKE '%Herrn X%'");
  expect(texts()).toBeGreaterThan(0);

  t.advance(29 * 86_400_000);
  expect(texts()).toBeGreaterThan(0);
  t.advance(2 * 86_400_000);
  expect(texts()).toBe(0);
  // A card can still be found by its ref and edited as the message type it was.
  const card = t.db.prepare("SELECT content FROM outbox WHERE ref = 'press:card:1:1'").get() as { content: string };
  expect(JSON.parse(card.content)).toEqual({ msgtype: "m.text" });
  t.take();
  const edit = t.send(POLICE_PRESS, "!presse freigeben PR-1").find((m) => m.kind === "edit");
  expect(edit?.msgtype).toBe("m.text");
});
