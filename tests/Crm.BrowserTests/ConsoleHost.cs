using Crm.Bot.TryIt;
using Crm.Domain.Demo;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Crm.BrowserTests;

/// <summary>
/// The real host on a free loopback port with a fresh, migrated and demo-seeded PostgreSQL database,
/// and Debian's Chromium driven by Playwright (never a downloaded browser).
/// </summary>
public sealed class ConsoleHost : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    private PostgresDatabase? _database;
    private IPlaywright? _playwright;

    public RealHost Host { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        await using (var db = _database.CreateContext())
        {
            if (!await db.Customers.AnyAsync())
                DemoFixedRecords.Add(db, DateOnly.FromDateTime(DateTime.UtcNow), DateTimeOffset.UtcNow);
        }
        Host = await RealHost.StartAsync(_database.ConnectionString);

        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"Chromium is not installed at {ChromiumPath}. scripts/test.sh installs it (apt-get install -y chromium).");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh browser context on the console page, watching for errors and outside requests.</summary>
    public async Task<ConsolePage> OpenAsync(string scenario, int width = 1440, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.Address.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var page = await context.NewPageAsync();
        var console = new ConsolePage(page, scenario, Host.Address, Host.Services.GetRequiredService<ConsoleAccessKey>().Value);
        await console.AttachAsync();
        return console;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (Host is not null) await Host.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}
