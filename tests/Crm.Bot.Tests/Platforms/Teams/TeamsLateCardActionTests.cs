using System.Text.Json.Nodes;
using Crm.Bot.Delivery;
using Crm.Bot.Pipeline;
using Crm.Bot.Platforms.Teams;
using Crm.Domain.Demo;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Crm.Testing.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Platforms.Teams;

/// <summary>
/// A card action whose work outlasts the invoke's budget gets "still working" at once; its answer is
/// then stored in the outbox by the pipeline's own save (with the work's rows, claimed by this host),
/// not by a task started after it, so a host that stops after the work has not lost the answer.
/// </summary>
public sealed class TeamsLateCardActionTests : IAsyncLifetime
{
    private readonly SavingProbe _probe = new();
    private TeamsTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await TeamsTestHost.StartAsync(s =>
        {
            s.AddSingleton(_probe);
            s.AddScoped<ICommandPipeline, SlowSavingPipeline>();
        });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static DemoUser Sam => DemoDirectory.FindByEmail("sam@example.com")!;

    [Fact]
    public async Task ACardActionOverItsBudget_HasItsAnswerStoredWithThePipelinesSave_AndPostedFromThere()
    {
        var invoke = _host.Activities.Execute(Sam, "crm", new JsonObject { ["command"] = "show acme" });

        var response = JsonNode.Parse(await (await _host.PostAsync(invoke)).Content.ReadAsStringAsync())!;
        Assert.Contains("Still working", response.ToJsonString());
        await _probe.Saved.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var calls = await _host.Connector.WaitForCallsAsync(1, TimeSpan.FromSeconds(20));

        Assert.Equal([$"teams:answer:{invoke["id"]}"], _probe.OutboxRowsInTheSave);
        Assert.Contains(calls, c => c.Body?.ToJsonString().Contains("late answer") == true);
        // The outcome is recorded just after the connector answered.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        OutboxMessage row;
        while (true)
        {
            await using (var db = _host.Database.CreateContext())
                row = await db.Outbox.AsNoTracking().SingleAsync(o => o.IdempotencyKey == $"teams:answer:{invoke["id"]}");
            if (row.Status == OutboxStatus.Sent || DateTime.UtcNow > deadline) break;
            await Task.Delay(50);
        }
        Assert.Equal(OutboxStatus.Sent, row.Status);

        // Stored once and sent once; Teams delivering the action again gets the stored answer and stores nothing.
        var again = JsonNode.Parse(await (await _host.PostAsync(invoke)).Content.ReadAsStringAsync())!;
        Assert.Contains("late answer", again.ToJsonString());
        await using (var db = _host.Database.CreateContext())
            Assert.Equal([$"teams:answer:{invoke["id"]}"], await db.Outbox.AsNoTracking().Select(o => o.IdempotencyKey).Where(k => k.EndsWith(invoke["id"]!.ToString())).ToListAsync());
        Assert.Single(_host.Connector.Calls, c => c.Body?.ToJsonString().Contains("late answer") == true);
    }

    /// <summary>What the pipeline's save held.</summary>
    public sealed class SavingProbe
    {
        public TaskCompletionSource Saved { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public List<string> OutboxRowsInTheSave { get; } = [];
    }

    /// <summary>Keeps the pipeline's contract (stage the answer, then save it with the request's rows), slower than the invoke's budget.</summary>
    private sealed class SlowSavingPipeline(CrmDbContext db, AnswerOutbox answers, SavingProbe probe) : ICommandPipeline
    {
        public async Task<Reply> RunAsync(ChatRequest request, CancellationToken cancellationToken)
        {
            await Task.Delay(TeamsActivityHandler.AnswerBudget + TimeSpan.FromSeconds(1), cancellationToken);
            var reply = Reply.Text($"late answer to {request.Text}");
            answers.Stage(request.ReplyTo, reply);
            probe.OutboxRowsInTheSave.AddRange(db.ChangeTracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.IdempotencyKey));
            await db.SaveChangesAsync(cancellationToken);
            answers.HandOff();
            probe.Saved.TrySetResult();
            return reply;
        }
    }
}
