using Crm.Domain.Common;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// What the bot says when it is installed: in the team's General channel (what it does, how an admin binds
/// channels), to the person who installed it in their 1:1 chat (the same steps, addressed to them), and in a
/// personal chat when installed there.
/// </summary>
internal static class TeamsWelcome
{
    private static readonly string Departments = DepartmentNames.AllNames;

    private const string WhatItDoes =
        "I keep every department on the same customers: look one up (show acme, find acme), add notes and tasks, change " +
        "customers, deals, tickets and invoices, hand a customer over to another department, and have a channel follow a " +
        "customer or get a scheduled digest. Everyone sees only what their role may read.";

    public static Reply Channel(Department? department) => new()
    {
        FallbackText = "CRM is ready. Mention @CRM help to see what you can do; a CRM admin binds channels with @CRM admin channel <department>.",
        Blocks =
        [
            new HeadingBlock("CRM is ready"),
            new TextBlock(WhatItDoes),
            new TextBlock("Mention me to ask: @CRM show acme, @CRM find acme. @CRM help lists everything you may do."),
            new TextBlock(
                $"For a CRM admin — bind each channel to the department that works in it, by mentioning me there: @CRM admin channel <department> " +
                $"({Departments}). Cards posted in a bound channel show what that department may read; an unbound channel gets basic fields only. " +
                "Mention me once in every other channel I should post to (digests, follow notices, handoffs), so Teams tells me how to reach it."),
            new ContextBlock(department is { } d
                ? $"This channel is bound to {d}: cards posted here show only what {d} may read, because everyone in the channel sees them."
                : "This channel is not bound to a department yet, so cards posted here show basic fields only."),
            new ActionsBlock([new ReplyButton("Help", "help", ButtonStyle.Primary), new ReplyButton("Who am I?", "whoami")]),
        ],
    };

    public static Reply Installer(string? teamName) => new()
    {
        FallbackText = $"You added CRM to {teamName ?? "a team"}. Next: a CRM admin binds each channel with @CRM admin channel <department>.",
        Blocks =
        [
            new HeadingBlock($"You added CRM to {teamName ?? "your team"}"),
            new TextBlock("I introduced myself in the team's General channel. " + WhatItDoes),
            new TextBlock(
                $"1. Bind each channel to its department: in the channel, @CRM admin channel <department> ({Departments}). Only a CRM admin may; " +
                "unbound channels get basic fields only, and admin channels lists every channel and its binding."),
            new TextBlock("2. Mention me once (@CRM help) in every other channel I should post to, so Teams tells me how to reach it."),
            new TextBlock("3. Ask me anything privately right here: show acme, tasks, help."),
            new ContextBlock("Answers in this chat are for you only and show what your own role may read."),
            new ActionsBlock([new ReplyButton("Help", "help", ButtonStyle.Primary), new ReplyButton("Who am I?", "whoami")]),
        ],
    };

    public static Reply Personal() => new()
    {
        FallbackText = "CRM is ready. Type help to see what you can do.",
        Blocks =
        [
            new HeadingBlock("CRM is ready"),
            new TextBlock(WhatItDoes),
            new TextBlock("Ask me about customers: show acme, find acme, note acme Call went well. Type help for everything you may do."),
            new ContextBlock("Answers in this chat are for you only and show what your own role may read."),
            new ActionsBlock([new ReplyButton("Help", "help", ButtonStyle.Primary), new ReplyButton("Who am I?", "whoami")]),
        ],
    };
}
