using System.Net.Sockets;
using Crm.Bot.Cli;
using Crm.Bot.Pipeline;
using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Demo;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crm.Bot.Tests.Pipeline;

/// <summary>
/// A database that goes away during a command (a PostgreSQL restart) must not be answered with "something
/// went wrong" when the platform would deliver the request again: that answer acknowledges the delivery,
/// and the request's real answer never comes.
/// </summary>
public sealed class UnreachableDatabasePipelineTests : IAsyncLifetime
{
    private PipelineHarness _harness = null!;

    public async Task InitializeAsync() =>
        _harness = await PipelineHarness.CreateAsync(services => services.AddSingleton<ICommand, ConnectionLostCommand>());

    public Task DisposeAsync() => _harness.DisposeAsync().AsTask();

    private ChatRequest Request(string key, bool redelivered) =>
        new(Platform.Slack, DemoDirectory.SlackWorkspace, "C0SALES", "U0AVA", "lose-connection", key, ReplyVisibility.Channel)
        {
            DeliveryKey = $"slack:event:{key}",
            RedeliveredOnFailure = redelivered,
        };

    [Fact]
    public async Task ARequestThePlatformRedelivers_FailsBackToTheEdge_AndNothingIsClaimedOrAnswered()
    {
        await Assert.ThrowsAsync<NpgsqlException>(() => _harness.RunAsync(Request("Ev1", redelivered: true)));

        await using var db = _harness.Db();
        Assert.False(await db.ProcessedRequests.AnyAsync(p => p.Key.Contains("Ev1")), "a claimed delivery would refuse the platform's retry");
        Assert.Empty(await db.Outbox.ToListAsync());
        // The retry runs it (here it fails again the same way, so it is still not answered with an error).
        await Assert.ThrowsAsync<NpgsqlException>(() => _harness.RunAsync(Request("Ev1", redelivered: true)));
    }

    [Fact]
    public async Task ARequestNotDeliveredAgain_IsAnsweredWithTheErrorReference()
    {
        var reply = await _harness.RunAsync(Request("Ev2", redelivered: false));
        Assert.Contains("Reference:", ReplyTextRenderer.Render(reply));
    }

    /// <summary>A command whose database connection breaks, as Npgsql reports a connection lost to a restart.</summary>
    private sealed class ConnectionLostCommand : ICommand
    {
        public CommandDescriptor Descriptor { get; } = new("lose-connection", null, "lose-connection", "Loses its database connection.", [], []);

        public Requirement? RequiredFor(CommandArgs args) => null;

        public bool Changes(CommandArgs args) => false;

        public Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken cancellationToken) =>
            throw new NpgsqlException("Exception while reading from stream", new IOException("Connection reset", new SocketException((int)SocketError.ConnectionReset)));
    }
}
