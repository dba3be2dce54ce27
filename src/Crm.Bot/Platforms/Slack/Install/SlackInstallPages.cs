using System.Net;

namespace Crm.Bot.Platforms.Slack.Install;

/// <summary>The three small HTML pages of the install flow: "Add to Slack", installed, and what went wrong.</summary>
internal static class SlackInstallPages
{
    public static IResult AddToSlack(string authorizeUrl) => Page("Install the CRM bot on Slack", $"""
        <h1>Install the CRM bot on Slack</h1>
        <p>Choose the Slack workspace (or your Enterprise Grid organization) to add the bot to. Slack asks you to confirm the permissions it needs.</p>
        <p><a class="add" href="{Enc(authorizeUrl)}">Add to Slack</a></p>
        <p class="note">The link is good for 10 minutes, in this browser only.</p>
        """, StatusCodes.Status200OK);

    public static IResult Installed(string? name, string? openUrl) => Page("Installed", $"""
        <h1>The CRM bot is installed</h1>
        <p>It now answers in {(name is null ? "your workspace" : Enc(name))}: type <code>/crm help</code>, or mention it in a channel.</p>
        {(openUrl is null ? "" : $"""<p><a class="add" href="{Enc(openUrl)}">Open Slack</a></p>""")}
        """, StatusCodes.Status200OK);

    public static IResult Problem(string message, int status = StatusCodes.Status400BadRequest) => Page("Install not completed", $"""
        <h1>The bot was not installed</h1>
        <p>{Enc(message)}</p>
        <p><a href="{SlackInstallEndpoints.Install}">Start again</a></p>
        """, status);

    private static IResult Page(string title, string body, int status) => Results.Content($$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>{{Enc(title)}}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}
        a.add{display:inline-block;padding:.6rem 1.2rem;background:#4a154b;color:#fff;border-radius:4px;text-decoration:none}
        .note{color:#555;font-size:.9rem}</style></head>
        <body>{{body}}</body></html>
        """, "text/html; charset=utf-8", statusCode: status);

    private static string Enc(string value) => WebUtility.HtmlEncode(value);
}
