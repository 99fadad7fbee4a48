// `npm run demo`: a local Synapse, the bot, demo users of both agencies in one shared room, and
// how to log in with a Matrix client. Everything runs on loopback and is gone after Ctrl-C.
//
//   npm run demo              runs until Ctrl-C
//   npm run demo -- --smoke   sets everything up, checks that the bot answers, and exits (for tests)
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BotProcess } from "../test/support/bot-process.ts";
import { Person, bodyOf, isReplyTo } from "../test/support/person.ts";
import { registerUser, startSynapse, synapseVenv } from "../test/support/synapse.ts";

const smoke = process.argv.includes("--smoke");
const say = (line = ""): void => void process.stdout.write(`${line}\n`);

type Role = "planner" | "press" | "chair" | "auditor";

interface DemoUser {
  localpart: string;
  name: string;
  agency: "city" | "police";
  roles: readonly Role[];
  what: string;
}

// Every role of both agencies is listed: a role left out is open to every member of the agency
// (press and auditor excepted), so a forgotten `chair` would make every police officer a chair.
const USERS: readonly DemoUser[] = [
  { localpart: "anna.stadt", name: "Anna Berger (Ordnungsamt)", agency: "city", roles: ["planner", "chair"], what: "Stadt: plant Einsätze, Vorsitz der Gremien" },
  { localpart: "carla.stadt", name: "Carla Nowak (Pressestelle)", agency: "city", roles: ["press"], what: "Stadt: Pressefreigabe" },
  { localpart: "elke.stadt", name: "Elke Schulz (Registratur)", agency: "city", roles: ["auditor"], what: "Stadt: Revision, erhält Prüfprotokolle per Direktnachricht" },
  { localpart: "ben.polizei", name: "Ben Krüger (Polizei)", agency: "police", roles: ["planner", "press"], what: "Polizei: plant Einsätze, Pressefreigabe" },
  { localpart: "dirk.polizei", name: "Dirk Hahn (Polizei)", agency: "police", roles: [], what: "Polizei: Mitglied ohne Sonderrollen" },
];
const ROLES: readonly Role[] = ["planner", "press", "chair", "auditor"];

const WELCOME = [
  "Willkommen in der Demo von Lagebot, dem gemeinsamen Bot von Stadt und Polizei.",
  "Probieren Sie: !hilfe · !einsatz planen Nachtstreife Bahnhof wann=\"morgen 22:00\" bis=02:00 stadt=2 polizei=2 · !presse entwurf Titel (Text in den folgenden Zeilen) · !protokoll exportieren (Elke) · !status",
].join("\n");

async function main(): Promise<void> {
  if (!existsSync(join(synapseVenv(), "bin", "python"))) {
    say("Synapse wird einmalig in eine virtuelle Umgebung installiert …");
    const r = spawnSync("bash", [join(import.meta.dirname, "ensure-synapse.sh")], { stdio: "inherit" });
    if (r.status !== 0) throw new Error("installing Synapse failed (scripts/ensure-synapse.sh)");
  }
  const hs = await startSynapse({ serverName: "demo.lagebot.test" });
  let bot: BotProcess | undefined;
  const people: Person[] = [];
  const shutdown = async (code: number): Promise<never> => {
    await bot?.kill("SIGTERM").catch(() => undefined);
    await Promise.all(people.map((p) => p.stopSync()));
    await hs.stop();
    process.exit(code);
  };
  process.once("SIGINT", () => void shutdown(0));
  process.once("SIGTERM", () => void shutdown(0));
  try {
    const botUser = await registerUser(hs, "lagebot", { displayName: "Lagebot" });
    const users = await Promise.all(USERS.map(async (u) => ({ ...u, reg: await registerUser(hs, u.localpart, { displayName: u.name }) })));
    const host = users[0];
    if (!host) throw new Error("no demo users");
    const anna = new Person(hs, host.reg.userId, host.reg.accessToken);
    people.push(anna);
    const room = await anna.createRoom({ name: "Lage Stadt/Polizei (Demo)", invite: [...users.slice(1).map((u) => u.reg.userId), botUser.userId] });
    await Promise.all(users.slice(1).map((u) => new Person(hs, u.reg.userId, u.reg.accessToken).join(room)));

    const ids = (agency: DemoUser["agency"]) => users.filter((u) => u.agency === agency).map((u) => u.reg.userId);
    const roles = (agency: DemoUser["agency"]) =>
      Object.fromEntries(ROLES.map((role) => [role, users.filter((u) => u.agency === agency && u.roles.includes(role)).map((u) => u.reg.userId)]));
    const dataDir = mkdtempSync(join(tmpdir(), "lagebot-demo-"));
    const config = {
      homeserverUrl: hs.url, accessToken: botUser.accessToken, dataDir, rooms: [room], language: "de", timezone: "Europe/Berlin",
      agencies: [
        { id: "city", name: "Stadt", users: ids("city"), roles: roles("city") },
        // The joint committees are chaired by the city: the police list nobody as chair.
        { id: "police", name: "Polizei", users: ids("police"), roles: roles("police") },
      ],
    };
    writeFileSync(join(dataDir, "config.json"), JSON.stringify(config, null, 2));
    bot = await BotProcess.start({ config, dataDir });

    const lagebot = new Person(hs, botUser.userId, botUser.accessToken);
    await lagebot.send(room, WELCOME, { msgtype: "m.notice" });

    if (smoke) {
      await anna.startSync();
      const mark = anna.mark();
      const cmd = await anna.send(room, "!hilfe");
      const answer = await anna.waitFor((ev) => ev.sender === botUser.userId && isReplyTo(ev, cmd), { after: mark, description: "answer to !hilfe" });
      say(`smoke: the bot answered !hilfe (${bodyOf(answer).split("\n")[0] ?? ""})`);
      const statusMark = anna.mark();
      const status = await anna.send(room, "!status");
      const roles = await anna.waitFor((ev) => ev.sender === botUser.userId && isReplyTo(ev, status), { after: statusMark, description: "answer to !status" });
      const open = bodyOf(roles).split("Rollen, die allen Mitgliedern offenstehen\n")[1]?.split("\n").filter((l) => l.startsWith("• ")) ?? [];
      say(`smoke: roles open to every member: ${open.map((l) => l.slice(2)).join(" · ")}`);
    }

    say();
    say("Lagebot-Demo läuft.");
    say(`  Homeserver:  ${hs.url}   (nur auf diesem Rechner erreichbar)`);
    say(`  Raum:        „Lage Stadt/Polizei (Demo)“ ${room}`);
    say(`  Bot:         ${botUser.userId}   Konfiguration: ${join(dataDir, "config.json")}`);
    say("  Anmelden mit einem Matrix-Client (z. B. Element Desktop: „Anmelden“ → Homeserver ändern → obige Adresse):");
    for (const u of users) say(`    ${u.reg.userId.padEnd(34)} Passwort ${u.reg.password}   ${u.what}`);
    say("  Beenden mit Strg+C.");
    if (smoke) await shutdown(0);
  } catch (e) {
    process.stderr.write(`demo failed: ${e instanceof Error ? e.message : String(e)}\n`);
    await shutdown(1);
  }
}

await main();
