using System.Diagnostics;
using System.Net;
using Crm.Bot.Pipeline;
using Crm.Domain.Demo;
using Crm.Testing.Teams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Bot.Tests.Platforms.Teams;

/// <summary>
/// The signing-key endpoint failing or hanging: fetches stay throttled (one per 30 s, failed or not),
/// no request waits more than a second behind a fetch, and the keys already known keep working.
/// </summary>
public sealed class TeamsSigningKeyOutageTests : IAsyncLifetime
{
    private readonly RecordingPipeline _pipeline = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private TeamsTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TeamsTestHost.StartAsync(s =>
        {
            s.AddScoped<ICommandPipeline>(ClaimingPipeline.Around(_pipeline));
            s.AddSingleton<TimeProvider>(_clock);
        });
        // The keys are known before the endpoint goes down.
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(_host.Activities.Personal(Sam, "help"), LongLived())).StatusCode);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static DemoUser Sam => DemoDirectory.FindByEmail("sam@example.com")!;

    /// <summary>Valid for longer than the clock is moved forward (the validator reads the test's clock).</summary>
    private string LongLived(string? keyId = null) =>
        _host.Token(s => s with { KeyId = keyId ?? s.KeyId, ExpiresIn = TimeSpan.FromHours(30) });

    [Fact]
    public async Task AFailedFetch_IsThrottledLikeASuccessfulOne()
    {
        var before = _host.Auth.MetadataRequests;
        _host.Auth.Fault = MetadataFault.Error;
        _clock.Advance(TimeSpan.FromSeconds(31));

        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await _host.PostAsync(_host.Activities.Personal(Sam, "help"), LongLived("forged-kid-" + i))).StatusCode);
        var afterBurst = _host.Auth.MetadataRequests;
        _clock.Advance(TimeSpan.FromSeconds(31));
        await _host.PostAsync(_host.Activities.Personal(Sam, "help"), LongLived("forged-kid-late"));

        Assert.Equal(before + 1, afterBurst);
        Assert.Equal(before + 2, _host.Auth.MetadataRequests);
        Assert.Single(_pipeline.Requests);
    }

    [Fact]
    public async Task KnownKeys_KeepWorking_WhileTheEndpointIsDown_WithoutAFetchPerRequest()
    {
        var before = _host.Auth.MetadataRequests;
        _host.Auth.Fault = MetadataFault.Error;
        // Past the keys' lifetime: they are due for a refresh, which fails.
        _clock.Advance(TimeSpan.FromHours(25));

        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(_host.Activities.Personal(Sam, "help"), LongLived())).StatusCode);

        Assert.InRange(_host.Auth.MetadataRequests - before, 0, 1);
        Assert.Equal(6, _pipeline.Requests.Count);
    }

    [Fact]
    public async Task AHangingEndpoint_HoldsNoRequestForMoreThanASecond()
    {
        _host.Auth.Fault = MetadataFault.Hang;
        _clock.Advance(TimeSpan.FromHours(25));
        var watch = Stopwatch.StartNew();

        var known = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _host.PostAsync(_host.Activities.Personal(Sam, "help"), LongLived())));
        var knownTook = watch.Elapsed;
        watch.Restart();
        var unknown = await _host.PostAsync(_host.Activities.Personal(Sam, "help"), LongLived("rotated-while-down"));
        var unknownTook = watch.Elapsed;

        Assert.All(known, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        // A second of waiting at most, plus the request's own work on a busy machine.
        Assert.True(knownTook < TimeSpan.FromSeconds(3), $"known keys waited {knownTook}");
        Assert.True(unknownTook < TimeSpan.FromSeconds(3), $"an unknown key waited {unknownTook}");
    }
}
