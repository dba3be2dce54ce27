namespace Crm.Bot.Platforms.Slack;

/// <summary>Block Kit limits (protocols.md); the renderer splits or shortens to stay inside them.</summary>
public static class SlackLimits
{
    public const int BlocksPerMessage = 50;
    public const int SectionText = 3000;
    public const int FieldsPerSection = 10;
    public const int FieldText = 2000;
    public const int HeaderText = 150;
    public const int ActionId = 255;
    public const int ButtonText = 75;
    public const int ButtonValue = 2000;
    public const int ElementsPerActions = 25;
    public const int ContextText = 3000;
    public const int ImageAltText = 2000;
    public const int ImageTitle = 2000;
    /// <summary>Slack truncates past 40,000; notifications need far less, so we keep the fallback short.</summary>
    public const int FallbackText = 3000;
    /// <summary>Slack rejects messages whose blocks are too long in total (msg_blocks_too_long, near 12–13k); stay well below.</summary>
    public const int BlocksJsonPerMessage = 11_000;
    public const int ModalTitle = 24;
    public const int ModalSubmit = 24;
    public const int PrivateMetadata = 3000;
}
