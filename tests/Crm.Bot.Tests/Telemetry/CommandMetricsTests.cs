using System.Diagnostics.Metrics;
using Crm.Bot.Pipeline;
using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Replies;
using Crm.Jobs.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Telemetry;

/// <summary>Every command is counted once, by platform, the catalog's verb and its outcome.</summary>
public sealed class CommandMetricsTests : IAsyncLifetime
{
    private PipelineHarness _harness = null!;
    private MeterListener _listener = null!;
    private readonly List<(string Platform, string Verb, string Outcome)> _counted = [];

    public async Task InitializeAsync()
    {
        _harness = await PipelineHarness.CreateAsync(services => services.AddSingleton<ICommand, BrokenCommand>());
        // Only this harness's meter: other tests' hosts in the process count on meters of their own.
        var factory = _harness.Services.GetRequiredService<IMeterFactory>();
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Name == "crm.commands") listener.EnableMeasurementEvents(instrument);
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var named = tags.ToArray().ToDictionary(t => t.Key, t => t.Value as string ?? "");
            lock (_counted)
                for (var i = 0; i < value; i++) _counted.Add((named["platform"], named["verb"], named["outcome"]));
        });
        _listener.Start();
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task OkDeniedInvalidAndFailed_AreEachCountedAsSuch()
    {
        Assert.Equal(ReplyTone.Normal, (await _harness.AskAsync("ava@example.com", "show acme")).Tone);
        Assert.Equal(ReplyTone.Denied, (await _harness.AskAsync("mia@example.com", "deal D-1001 stage won")).Tone);
        Assert.Equal(ReplyTone.Error, (await _harness.AskAsync("ava@example.com", "deal D-1001 stage sideways")).Tone);
        Assert.Equal(ReplyTone.Error, (await _harness.AskAsync("ava@example.com", "frobnicate acme")).Tone);
        Assert.Contains("Reference:", (await _harness.AskAsync("ava@example.com", "break")).FallbackText);

        lock (_counted)
            Assert.Equal(
                [("cli", "show", "ok"), ("cli", "deal", "denied"), ("cli", "deal", "invalid"), ("cli", "unknown", "invalid"), ("cli", "break", "failed")],
                _counted);
    }

    /// <summary>A command that fails in a way nobody expected.</summary>
    private sealed class BrokenCommand : ICommand
    {
        public CommandDescriptor Descriptor { get; } = new("break", null, "break", "Fails unexpectedly.", [], []);

        public Requirement? RequiredFor(CommandArgs args) => null;

        public bool Changes(CommandArgs args) => false;

        public Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("broken on purpose");
    }
}
