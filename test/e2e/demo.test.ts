// `npm run demo` must work for someone trying the bot for the first time: it starts its own Synapse
// and bot, and in --smoke mode checks that the bot answers and exits.
import { spawn } from "node:child_process";
import { expect, it } from "vitest";

it("npm run demo sets up users of both agencies with listed roles, a room and a bot that answers", async () => {
  const child = spawn(process.execPath, ["scripts/demo.ts", "--smoke"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("close", (c) => resolve(c)));
  expect(out).toContain("smoke: the bot answered !hilfe (Lagebot – Befehle)");
  // Every role is listed in the demo's config: no agency makes all its members chairs by leaving `chair` out.
  expect(out).toContain("smoke: roles open to every member: Stadt: keine · Polizei: keine");
  expect(out).toMatch(/@elke\.stadt:demo\.lagebot\.test +Passwort \S+ +Stadt: Revision/);
  expect(out).toMatch(/@anna\.stadt:demo\.lagebot\.test +Passwort \S+ +Stadt/);
  expect(out).toMatch(/@ben\.polizei:demo\.lagebot\.test +Passwort \S+ +Polizei/);
  expect(code).toBe(0);
}, 120_000);
