// !help [family]: generated from the family declarations, in the configured language, with the
// English forms beside the German ones.
import { z } from "zod";
import { defineVerb } from "../src/pipeline/family.ts";
import { quoteBack } from "../src/pipeline/parse.ts";
import type { CommandContext, FamilySpec, Verb } from "../src/pipeline/family.ts";
import { b, code, concat, lines, list, r, section } from "../src/render/rich.ts";
import type { Rich } from "../src/render/rich.ts";
import type { Catalog } from "../src/i18n/lang.ts";
import { families } from "./index.ts";

const de = {
  title: () => b("Lagebot – Befehle"),
  footer: () => r`Details zu einem Bereich: ${code("!hilfe <Bereich>")}, z. B. ${code("!hilfe einsatz")}. Befehle beginnen mit ! (oder /, oder „Lagebot:“).`,
  unknown: (word: string) => r`Keinen Bereich „${word}“ gefunden.`,
  needsRole: (role: string) => r` (Rolle ${role})`,
  also: (en: string) => r` – englisch ${code(en)}`,
};
const en: typeof de = {
  title: () => b("Lagebot – commands"),
  footer: () => r`Details for one area: ${code("!help <area>")}, e.g. ${code("!help op")}. Commands start with ! (or /, or "Lagebot:").`,
  unknown: (word) => r`No area "${word}" found.`,
  needsRole: (role) => r` (role ${role})`,
  also: () => r``,
};
const messages: Catalog<typeof de> = { de, en };

const ROLE_WORDS: Record<string, { de: string; en: string }> = {
  planner: { de: "Planung", en: "planner" }, press: { de: "Pressefreigabe", en: "press" },
  chair: { de: "Vorsitz", en: "chair" }, auditor: { de: "Revision", en: "auditor" },
};

function familyWord(f: FamilySpec, lang: "de" | "en"): string {
  return lang === "de" && f.aliases[0] ? f.aliases[0] : f.name;
}

function verbLine(ctx: CommandContext, v: Verb): Rich {
  const m = messages[ctx.lang];
  const role = v.spec.role ?? null;
  const missing = role && !ctx.sender.roles.has(role) ? m.needsRole(ROLE_WORDS[role]?.[ctx.lang] ?? role) : null;
  const english = ctx.lang === "de" && v.spec.usage.en !== v.spec.usage.de ? m.also(v.spec.usage.en.split(" ").slice(0, 2).join(" ")) : null;
  return concat(code(v.spec.usage[ctx.lang]), english, missing, " – ", v.spec.help[ctx.lang]);
}

function overview(ctx: CommandContext): Rich {
  const m = messages[ctx.lang];
  const items = families.map((f) => concat(code(`!${familyWord(f, ctx.lang)}`), ctx.lang === "de" && f.aliases[0] ? r` (${code(`!${f.name}`)})` : null, " – ", f.title[ctx.lang]));
  return lines(m.title(), list(items), m.footer());
}

const show = defineVerb({
  name: "",
  mutates: false,
  usage: { de: "!hilfe [Bereich]", en: "!help [area]" },
  help: { de: "Übersicht der Befehle oder Details zu einem Bereich", en: "overview of commands, or details for one area" },
  args: () => z.object({ words: z.array(z.string()) }),
  handle(ctx, args) {
    const word = args.words[0];
    if (!word) {
      ctx.reply(overview(ctx));
      return ctx.ok();
    }
    const f = families.find((x) => [x.name, ...x.aliases].some((n) => n.toLowerCase() === word.toLowerCase().replace(/^[!/]/, "")));
    if (!f) return ctx.fail(lines(messages[ctx.lang].unknown(quoteBack(word)), overview(ctx)));
    const heading = concat(code(`!${familyWord(f, ctx.lang)}`), " – ", f.title[ctx.lang]);
    ctx.reply(section(heading, list(f.verbs.map((v) => verbLine(ctx, v)))));
    return ctx.ok();
  },
});

const help: FamilySpec = {
  name: "help",
  aliases: ["hilfe"],
  title: { de: "diese Hilfe", en: "this help" },
  verbs: [show],
};
export default help;
