namespace Crm.Testing;

/// <summary>The repository's root: the nearest folder above the test binaries that holds Crm.Bot.sln.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crm.Bot.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No Crm.Bot.sln above {AppContext.BaseDirectory}.");
    }

    public static string PathOf(params string[] parts) => Path.GetFullPath(Path.Combine([Find(), .. parts]));
}
