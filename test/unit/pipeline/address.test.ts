import { describe, expect, it } from "vitest";
import { address, resolvePills } from "../../../src/pipeline/address.ts";
import type { BotIdentity } from "../../../src/pipeline/address.ts";

const BOT: BotIdentity = { userId: "@lagebot:stadt.example", displayName: "Lagebot" };
const pill = (href: string, label = "Lagebot") => `<a href="${href}">${label}</a>`;

describe("address: prefixes", () => {
  it("accepts ! directly followed by a letter", () => {
    expect(address({ body: "!op list" }, BOT)).toEqual({ prefix: "!", text: "op list" });
    expect(address({ body: "!Einsatz liste" }, BOT)).toEqual({ prefix: "!", text: "Einsatz liste" });
    expect(address({ body: "!ändern" }, BOT)).toEqual({ prefix: "!", text: "ändern" });
  });

  it("accepts / directly followed by a letter", () => {
    expect(address({ body: "/einsatz list" }, BOT)).toEqual({ prefix: "/", text: "einsatz list" });
  });

  it("allows whitespace before the prefix", () => {
    expect(address({ body: "  \n\t!op list" }, BOT)).toEqual({ prefix: "!", text: "op list" });
  });

  it("keeps the body lines", () => {
    expect(address({ body: "!op report OP-7\nZeile 1\n\nZeile 2" }, BOT)).toEqual({ prefix: "!", text: "op report OP-7\nZeile 1\n\nZeile 2" });
  });

  it("ignores a prefix alone or not followed by a letter", () => {
    for (const body of ["!", "/", "!!!", "! ", "!  1", "!1", "!?", "/\nop list", "!\"op\"", "!      op"]) {
      expect(address({ body }, BOT), body).toBeNull();
    }
  });

  it("forgives spaces after the prefix, marking the text as spaced", () => {
    expect(address({ body: "! einsatz liste" }, BOT)).toEqual({ prefix: "!", text: "einsatz liste", spaced: true });
    expect(address({ body: "/  op list" }, BOT)).toEqual({ prefix: "/", text: "op list", spaced: true });
    expect(address({ body: "!\top" }, BOT)).toEqual({ prefix: "!", text: "op", spaced: true });
  });

  it("ignores ordinary chat", () => {
    for (const body of ["", "   ", "Hallo zusammen", "op list", "Lagebot ist toll", "Lagebotter: op list", "Wer macht !op list?", "lagebot.example: x"]) {
      expect(address({ body }, BOT), body).toBeNull();
    }
  });
});

describe("address: display name and user ID", () => {
  it("accepts the display name followed by : or , (case-insensitive)", () => {
    expect(address({ body: "Lagebot: op list" }, BOT)).toEqual({ prefix: "mention", text: "op list" });
    expect(address({ body: "lagebot, op list" }, BOT)).toEqual({ prefix: "mention", text: "op list" });
    expect(address({ body: "LAGEBOT : op list" }, BOT)).toEqual({ prefix: "mention", text: "op list" });
    expect(address({ body: "Lagebot:op list" }, BOT)).toEqual({ prefix: "mention", text: "op list" });
  });

  it("needs the separator after a display name", () => {
    expect(address({ body: "Lagebot op list" }, BOT)).toBeNull();
  });

  it("works with a display name containing spaces and special characters", () => {
    const bot = { userId: "@lb:x.example", displayName: "Lage (Bot) *" };
    expect(address({ body: "lage (bot) *: op list" }, bot)).toEqual({ prefix: "mention", text: "op list" });
  });

  it("accepts the raw user ID with or without a separator", () => {
    expect(address({ body: "@lagebot:stadt.example op list" }, BOT)).toEqual({ prefix: "mention", text: "op list" });
    expect(address({ body: "@lagebot:stadt.example: op list" }, BOT)).toEqual({ prefix: "mention", text: "op list" });
    expect(address({ body: "@lagebot:stadt.example, op list" }, BOT)).toEqual({ prefix: "mention", text: "op list" });
  });

  it("does not take a longer user ID for ours", () => {
    expect(address({ body: "@lagebot:stadt.example.org op list" }, BOT)).toBeNull();
    expect(address({ body: "@lagebot2:stadt.example op list" }, BOT)).toBeNull();
  });

  it("works without a display name", () => {
    const bot = { userId: "@lagebot:stadt.example", displayName: null };
    expect(address({ body: "@lagebot:stadt.example op list" }, bot)).toEqual({ prefix: "mention", text: "op list" });
    expect(address({ body: ": op list" }, bot)).toBeNull();
  });

  it("ignores a mention with nothing after it", () => {
    expect(address({ body: "Lagebot:" }, BOT)).toBeNull();
    expect(address({ body: "@lagebot:stadt.example  " }, BOT)).toBeNull();
  });

  it("drops a redundant prefix after the mention", () => {
    expect(address({ body: "Lagebot: !op list" }, BOT)).toEqual({ prefix: "mention", text: "op list" });
  });

  it("keeps the body and lets the command start on the next line", () => {
    expect(address({ body: "Lagebot: op report OP-7\nText" }, BOT)).toEqual({ prefix: "mention", text: "op report OP-7\nText" });
    expect(address({ body: "Lagebot:\nop list" }, BOT)).toEqual({ prefix: "mention", text: "op list" });
  });
});

describe("address: pills", () => {
  it("accepts a pill with the display name in the body", () => {
    const input = { body: "Lagebot: op list", formattedBody: `${pill("https://matrix.to/#/@lagebot:stadt.example")}: op list` };
    expect(address(input, BOT)).toEqual({ prefix: "mention", text: "op list" });
  });

  it("accepts a pill inside <p> and without a separator", () => {
    const input = { body: "Lagebot op list", formattedBody: `<p>${pill("https://matrix.to/#/@lagebot:stadt.example")} op list</p>` };
    expect(address(input, BOT)).toEqual({ prefix: "mention", text: "op list" });
  });

  it("accepts a pill with a URL-encoded user ID", () => {
    const input = { body: "Lagebot: op list", formattedBody: `${pill("https://matrix.to/#/%40lagebot%3Astadt.example")}: op list` };
    expect(address(input, BOT)).toEqual({ prefix: "mention", text: "op list" });
  });

  it("accepts a matrix: URI pill and single-quoted attributes", () => {
    const input = { body: "Lagebot: op list", formattedBody: `<a class='x' href='matrix:u/lagebot:stadt.example?action=chat'>Lagebot</a>: op list` };
    expect(address(input, BOT)).toEqual({ prefix: "mention", text: "op list" });
  });

  it("strips a pill label that differs from the display name", () => {
    const input = { body: "Lage-Bot (Stadt): op list", formattedBody: `${pill("https://matrix.to/#/@lagebot:stadt.example", "Lage-Bot (Stadt)")}: op list` };
    expect(address(input, BOT)).toEqual({ prefix: "mention", text: "op list" });
  });

  it("falls back to the HTML when the body does not start with the pill text", () => {
    const input = {
      body: "[Lagebot](https://matrix.to/#/@lagebot:stadt.example): op list",
      formattedBody: `${pill("https://matrix.to/#/@lagebot:stadt.example")}: op plan „A&amp;B“<br>Zeile`,
    };
    expect(address(input, BOT)).toEqual({ prefix: "mention", text: "op plan „A&B“\nZeile" });
  });

  it("ignores a pill of another user", () => {
    const other = `${pill("https://matrix.to/#/@anna:stadt.example", "Anna")}: op list`;
    expect(address({ body: "Anna: op list", formattedBody: other }, BOT)).toBeNull();
    // Even if the other user shares the bot's display name.
    const twin = `${pill("https://matrix.to/#/@twin:stadt.example")}: op list`;
    expect(address({ body: "Lagebot: op list", formattedBody: twin }, BOT)).toBeNull();
  });

  it("ignores a pill that is not at the start", () => {
    const input = { body: "Hallo Lagebot: op list", formattedBody: `Hallo ${pill("https://matrix.to/#/@lagebot:stadt.example")}: op list` };
    expect(address(input, BOT)).toBeNull();
  });

  it("ignores a non-user link at the start but still reads the plain body", () => {
    const input = { body: "Lagebot: op list", formattedBody: `<a href="https://example.org/">Lagebot</a>: op list` };
    expect(address(input, BOT)).toEqual({ prefix: "mention", text: "op list" });
    expect(address({ body: "Link", formattedBody: `<a href="https://matrix.to/#/%E0%A4%A">Link</a>` }, BOT)).toBeNull();
  });
});

describe("address: replies", () => {
  const fallback = "> <@anna:stadt.example> Wann ist der Einsatz?\n> Zweite Zeile\n\n";
  const html = "<mx-reply><blockquote><a href=\"https://matrix.to/#/@anna:stadt.example\">Anna</a> Wann?</blockquote></mx-reply>";

  it("strips the legacy reply fallback before a ! command", () => {
    expect(address({ body: `${fallback}!op show OP-7` }, BOT)).toEqual({ prefix: "!", text: "op show OP-7" });
  });

  it("strips the fallback and <mx-reply> before a pill", () => {
    const input = { body: `${fallback}Lagebot: op list`, formattedBody: `${html}${pill("https://matrix.to/#/@lagebot:stadt.example")}: op list` };
    expect(address(input, BOT)).toEqual({ prefix: "mention", text: "op list" });
  });

  it("does not treat the pill inside <mx-reply> as addressing", () => {
    const input = { body: `${fallback}danke`, formattedBody: `<mx-reply><a href="https://matrix.to/#/@lagebot:stadt.example">Lagebot</a></mx-reply>danke` };
    expect(address(input, BOT)).toBeNull();
  });

  it("ignores a plain reply and quoted text without the blank line", () => {
    expect(address({ body: `${fallback}Danke!` }, BOT)).toBeNull();
    expect(address({ body: "> !op list" }, BOT)).toBeNull();
  });
});

describe("resolvePills", () => {
  const html = (label: string, user: string) => `<a href="https://matrix.to/#/${encodeURIComponent(user)}">${label}</a>`;

  it("puts the user ID of a pill in place of its name after '='", () => {
    const f = `aufgabe neu Bericht owner=${html("Anna Berger", "@anna:stadt.example")} due=morgen`;
    expect(resolvePills("aufgabe neu Bericht owner=Anna Berger due=morgen", f)).toBe("aufgabe neu Bericht owner=@anna:stadt.example due=morgen");
  });

  it("leaves names in free text alone, and text without pills unchanged", () => {
    const f = `top neu ${html("Anna", "@anna:stadt.example")} berichtet`;
    expect(resolvePills("top neu Anna berichtet", f)).toBe("top neu Anna berichtet");
    expect(resolvePills("op list owner=Anna", undefined)).toBe("op list owner=Anna");
    expect(resolvePills("op list owner=Anna", "<b>owner=Anna</b>")).toBe("op list owner=Anna");
  });

  it("also matches a pill whose plain text carries an @", () => {
    const f = `x owner=${html("Ben", "@ben:polizei.example")}`;
    expect(resolvePills("x owner=@Ben", f)).toBe("x owner=@ben:polizei.example");
  });
});
