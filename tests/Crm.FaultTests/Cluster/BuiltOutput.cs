using Crm.Testing;

namespace Crm.FaultTests.Cluster;

/// <summary>
/// The built executables the harness runs as processes (the same Crm.Bot.dll the README runs), from
/// the configuration the tests were built in (Release under scripts/test.sh).
/// </summary>
public static class BuiltOutput
{
    private static DirectoryInfo Output => new(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));

    private static string Configuration => Output.Parent!.Name;

    private static string TargetFramework => Output.Name;

    public static string CrmBot => Existing(RepositoryRoot.PathOf("src", "Crm.Bot", "bin", Configuration, TargetFramework, "Crm.Bot.dll"));

    public static string Fakes => Existing(RepositoryRoot.PathOf("tests", "Crm.Fakes", "bin", Configuration, TargetFramework, "Crm.Fakes.dll"));

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; build Crm.Bot.sln in {Configuration} first.", path);
}
