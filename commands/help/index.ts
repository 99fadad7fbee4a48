// !help [family]: generated from the family declarations (which the context lists, so this family
// knows no other), in the configured language, with the English forms beside the German ones.
import { z } from "zod";
import { coreMessages } from "../../src/i18n/core.ts";
import { defineVerb } from "../../src/pipeline/family.ts";
import type { CommandContext, FamilySpec, Verb } from "../../src/pipeline/family.ts";
import { quoteBack } from "../../src/pipeline/parse.ts";
import { familyWord } from "../../src/pipeline/registry.ts";
import { code, concat, join, lines, list, r, section } from "../../src/render/rich.ts";
import type { Rich } from "../../src/render/rich.ts";
import { helpMessages } from "./messages.ts";

function verbLine(ctx: CommandContext, v: Verb): Rich {
  const m = ctx.t(helpMessages);
  const role = v.spec.role ?? null;
  const missing = role && !ctx.sender.roles.has(role) ? m.needsRole(ctx.t(coreMessages).roleNames[role] ?? role) : null;
  const english = ctx.lang === "de" && v.spec.usage.en !== v.spec.usage.de ? m.also(v.spec.usage.en.split(" ").slice(0, 2).join(" ")) : null;
  // German first: the form and what it does, then a missing role and the English form in brackets.
  const notes = [missing, english].filter((n) => n !== null);
  return concat(code(ctx.t(v.spec.usage)), " – ", ctx.t(v.spec.help), notes.length ? concat(" (", join(notes, "; "), ")") : null);
}

function overview(ctx: CommandContext): Rich {
  const m = ctx.t(helpMessages);
  const items = ctx.families().map((f) => concat(code(`!${familyWord(f, ctx.lang)}`), ctx.lang === "de" && f.aliases[0] ? r` (${code(`!${f.name}`)})` : null, " – ", ctx.t(f.title)));
  return lines(section(m.title(), list(items)), m.footer());
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
    const f = ctx.families().find((x) => [x.name, ...x.aliases].some((n) => n.toLowerCase() === word.toLowerCase().replace(/^[!/]/, "")));
    if (!f) return ctx.fail(lines(ctx.t(helpMessages).unknown(quoteBack(word)), overview(ctx)));
    const heading = concat(code(`!${familyWord(f, ctx.lang)}`), " – ", ctx.t(f.title));
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
