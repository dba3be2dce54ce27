using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Crm.Bot.Hosting;
using Crm.Domain.Channels;
using Crm.Domain.Common;
using Crm.Domain.Digests;
using Crm.Domain.Storage;
using Crm.Testing;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Tests.Jobs;

/// <summary>The real host: its jobs-only role, the admin-only dashboard, and the embedded store's in-memory jobs.</summary>
public sealed class JobsHostTests
{
    private static async Task<(WebApplication App, HttpClient Http)> StartAsync(params string[] settings)
    {
        var app = CrmHost.Build([.. settings.Select(s => $"--{s}"), "--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"], isCli: false);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new HttpClient { BaseAddress = new Uri(address) });
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    [Fact]
    public async Task JobsRole_ServesNoChatEndpoints_AndTheDashboardOnlyToTheAdmin()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var (app, http) = await StartAsync($"ConnectionStrings:Crm={database.ConnectionString}", "Host:Role=jobs",
            "Jobs:DashboardUsername=admin", "Jobs:DashboardPassword=s3cret-Passw0rd");
        await using (app)
        using (http)
        {
            var chat = await http.PostAsync("/slack/commands", new StringContent("command=/crm&text=help"));
            Assert.Equal(HttpStatusCode.NotFound, chat.StatusCode);
            Assert.Contains("background jobs only", await chat.Content.ReadAsStringAsync());

            var anonymous = await http.GetAsync("/hangfire");
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);

            using var wrong = new HttpRequestMessage(HttpMethod.Get, "/hangfire") { Headers = { Authorization = Basic("admin", "guess") } };
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);

            using var right = new HttpRequestMessage(HttpMethod.Get, "/hangfire") { Headers = { Authorization = Basic("admin", "s3cret-Passw0rd") } };
            var dashboard = await http.SendAsync(right);
            Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
            Assert.Contains("Crm.Bot jobs", await dashboard.Content.ReadAsStringAsync());
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task Dashboard_IsRefusedToEveryone_WhenNoCredentialsAreConfigured()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var (app, http) = await StartAsync($"ConnectionStrings:Crm={database.ConnectionString}", "Host:Role=chat");
        await using (app)
        using (http)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire") { Headers = { Authorization = Basic("admin", "") } };
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(request)).StatusCode);
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task EmbeddedHost_RefusesTheJobsRole_SayingWhatIsNeeded()
    {
        var path = Path.Combine(Path.GetTempPath(), $"crm-{Guid.NewGuid():N}.db");
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = CrmHost.Build([$"--Storage:SqlitePath={path}", "--Host:Role=jobs", "--urls=http://127.0.0.1:0"], isCli: false);
            await app.StartAsync();
        });
        Assert.Contains("Host:Role=chat or jobs needs the shared PostgreSQL database (ConnectionStrings:Crm)", error.Message);
        if (File.Exists(path)) File.Delete(path);
    }

    [Fact]
    public async Task EmbeddedHost_KeepsJobsInMemory_AndRegistersTheDatabasesDigestsAtStart()
    {
        var path = Path.Combine(Path.GetTempPath(), $"crm-{Guid.NewGuid():N}.db");
        var options = new DbContextOptionsBuilder<SqliteCrmDbContext>().UseSqlite($"Data Source={path}").Options;
        long id;
        await using (var db = new SqliteCrmDbContext(options))
        {
            await db.Database.MigrateAsync();
            var channel = new ChatChannel { Platform = Platform.Slack, Workspace = "T0DEMO", ExternalId = "C0SALES", Name = "sales", Department = Department.Sales };
            db.Channels.Add(channel);
            await db.SaveChangesAsync();
            Assert.True(DigestSchedule.TryParse("weekly mon 09:00", "Europe/Berlin", out var schedule, out _));
            var subscription = new DigestSubscription
            {
                ChannelId = channel.Id, Kind = DigestKind.Pipeline, Schedule = schedule.Text, Cron = schedule.Cron, TimeZone = schedule.TimeZoneId,
                CreatedBy = "max@example.com", CreatedAt = DateTimeOffset.UtcNow,
            };
            db.Digests.Add(subscription);
            await db.SaveChangesAsync();
            id = subscription.Id;
        }

        var (app, http) = await StartAsync($"Storage:SqlitePath={path}");
        await using (app)
        using (http)
        {
            var storage = app.Services.GetRequiredService<JobStorage>();
            Assert.IsType<Hangfire.InMemory.InMemoryStorage>(storage);
            await JobsTestHost.WaitUntilAsync(() =>
            {
                using var connection = storage.GetConnection();
                return Task.FromResult(connection.GetRecurringJobs().Any(j => j.Id == $"digest-{id}" && j.Cron == "0 9 * * 1"));
            }, TimeSpan.FromSeconds(30), "the digest was registered");
            await app.StopAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(path);
    }
}
