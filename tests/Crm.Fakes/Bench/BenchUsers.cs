using Crm.Domain.Demo;

namespace Crm.Fakes.Bench;

/// <summary>The demo people the Teams load speaks as: several, so the host resolves and caches more than one identity.</summary>
internal static class BenchUsers
{
    public static IReadOnlyList<DemoUser> Teams { get; } =
        new[] { "ava@example.com", "sam@example.com", "fiona@example.com", "root@example.com" }
            .Select(DemoDirectory.FindByEmail).OfType<DemoUser>().ToList();
}
