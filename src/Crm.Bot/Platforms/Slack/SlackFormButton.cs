using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Slack;

/// <summary>What a form button carries in its value: the command template and the form that fills it.</summary>
internal sealed record SlackFormButton(string Command, ReplyForm Form);
