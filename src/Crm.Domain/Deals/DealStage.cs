namespace Crm.Domain.Deals;

/// <summary>qualify → discover → propose → negotiate → won / lost.</summary>
public enum DealStage
{
    Qualify,
    Discover,
    Propose,
    Negotiate,
    Won,
    Lost,
}

public static class DealStages
{
    public static bool IsClosed(this DealStage stage) => stage is DealStage.Won or DealStage.Lost;

    public static bool TryParse(string? text, out DealStage stage) =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out stage) && Enum.IsDefined(stage);

    public static string AllNames => string.Join(", ", Enum.GetNames<DealStage>().Select(n => n.ToLowerInvariant()));
}
