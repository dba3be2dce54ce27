using Crm.Bot.Delivery;
using Crm.Bot.Pipeline.Identity;
using Crm.Bot.Pipeline.Resolution;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Crm.Jobs.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Pipeline;

/// <summary>
/// The fixed steps every request takes: parse → resolve identity → authorize → execute → Reply.
/// Expected failures are replies; anything unexpected is logged once here with a reference id and
/// the person is told only that reference. Every answer to a request with a <see cref="ChatRequest.ReplyTo"/>
/// is stored here: with the save that stores the request's work, or in a save of its own.
/// </summary>
public sealed class CommandPipeline(
    CommandCatalog catalog,
    IdentityResolver identities,
    CrmDbContext db,
    AnswerOutbox answers,
    ChannelCache channels,
    TimeProvider clock,
    PlatformDirectories directories,
    IOptions<TimeDisplayOptions> times,
    CrmMetrics metrics,
    ILogger<CommandPipeline> logger) : ICommandPipeline
{
    public async Task<Reply> RunAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        // One span and one count per request: platform, the catalog's verb (never the typed text), the
        // outcome and the clearance the answer was made for; nothing about the person.
        using var span = CrmTracing.Source.StartActivity("crm.command");
        var run = new CommandRun();
        var platform = CrmTracing.PlatformTag(request.Platform);
        try
        {
            var reply = await RunStepsAsync(request, run, cancellationToken);
            run.Outcome ??= reply.Tone switch
            {
                ReplyTone.Denied => "denied",
                ReplyTone.Error => "invalid",
                _ => "ok",
            };
            return reply;
        }
        catch (DuplicateDeliveryException)
        {
            run.Outcome = "duplicate";
            throw;
        }
        catch (Exception)
        {
            run.Outcome ??= "failed";
            throw;
        }
        finally
        {
            metrics.CommandRan(platform, run.Verb, run.Outcome ?? "failed");
            if (span is not null)
            {
                span.DisplayName = $"crm.command {run.Verb}";
                span.SetTag(CrmTracing.Tags.Platform, platform);
                span.SetTag(CrmTracing.Tags.Verb, run.Verb);
                span.SetTag(CrmTracing.Tags.Outcome, run.Outcome ?? "failed");
                if (run.Principal is { } principal)
                {
                    span.SetTag(CrmTracing.Tags.Role, principal.Role?.ToString() ?? "unmapped");
                    span.SetTag(CrmTracing.Tags.Clearance, string.Join(',', FieldClasses.Visible(principal.Reads)));
                }
                if (run.Outcome is "failed") span.SetStatus(System.Diagnostics.ActivityStatusCode.Error);
            }
        }
    }

    /// <summary>What the span and the count say about one request, filled in as its steps learn it.</summary>
    private sealed class CommandRun
    {
        public string Verb { get; set; } = "none";
        public string? Outcome { get; set; }
        /// <summary>Only its role and readable classes are told, never who it is.</summary>
        public Principal? Principal { get; set; }
    }

    private async Task<Reply> RunStepsAsync(ChatRequest request, CommandRun run, CancellationToken cancellationToken)
    {
        request = WellFormed(request);
        CommandContext? context = null;
        try
        {
            var parsed = CommandLine.Parse(request.Text);
            if (parsed.Error is not null)
                return await AnsweredAloneAsync(request, Reply.Error(parsed.Error), claim: true, cancellationToken);
            if (parsed.Tokens.Count == 0)
                parsed = CommandLine.Parse("help");

            var verbToken = parsed.Tokens[0];
            var verb = verbToken.Text.ToLowerInvariant();
            var command = catalog.Find(verb, parsed.Tokens.ElementAtOrDefault(1)?.Text);
            run.Verb = command is null ? "unknown" : command.Descriptor.Noun is { } noun ? $"{command.Descriptor.Verb} {noun}" : command.Descriptor.Verb;
            if (command is null)
                return await AnsweredAloneAsync(request, catalog.ForVerb(verb) is { Count: > 0 } forms ? MissingNoun(verb, forms) : UnknownVerb(verbToken.Text),
                    claim: true, cancellationToken);
            // A noun command ("new customer", "admin map") gets the words after its noun.
            var args = new CommandArgs(verb, parsed.Tokens.Skip(command.Descriptor.Noun is null ? 1 : 2).ToList(), parsed.Text);
            var changes = command.Changes(args);
            // A delivery handled before stops here. Every request claims its delivery in the save that
            // stores its work — a read with its audit row (one round trip), a change in its transaction —
            // so a request that fails leaves its delivery unclaimed and the platform's retry runs it.
            if (changes) await RefuseHandledAsync(request, cancellationToken);

            var principal = await identities.ResolveAsync(request.Platform, request.Workspace, request.UserId, db, cancellationToken);
            var channel = await ChannelResolver.ResolveAsync(request, db, changes ? null : channels, cancellationToken);
            context = new CommandContext(request, principal, channel, db, clock, directories, times.Value.Default, catalog);
            run.Principal = principal;

            if (command.RequiredFor(args) is { } requirement)
            {
                var decision = AccessPolicy.Authorize(principal, requirement.Permission, requirement.What);
                if (!decision.Allowed)
                {
                    context.Audit(AuditAction.Denial, detail: decision.Reason, outcome: AuditOutcome.Denied);
                    var denied = ReplyKit.Denied(decision.Reason!);
                    answers.Stage(request.ReplyTo, denied);
                    await SaveWithClaimAsync(request, cancellationToken);
                    answers.HandOff();
                    return denied;
                }
            }

            if (!changes)
                return await RunAsync(command, context, args, cancellationToken);
            var reply = await RunOnceAsync(command, context, args, cancellationToken);
            // Bindings may have changed: read-only commands here read channels afresh.
            channels.Clear();
            return reply;
        }
        catch (DuplicateDeliveryException)
        {
            throw;
        }
        catch (DomainException rule)
        {
            await RecordFailureAsync(context, rule.Message, cancellationToken);
            return await AnsweredAloneAsync(request, Reply.Error(rule.Message), claim: false, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception unavailable) when (request.RedeliveredOnFailure && StorageErrors.IsUnavailable(unavailable))
        {
            // Nothing was claimed or changed: the platform's retry runs the request once the database is back.
            logger.LogWarning(unavailable, "The database could not be reached; {Platform} is asked to deliver the request again", request.Platform);
            throw;
        }
        catch (Exception unexpected)
        {
            run.Outcome = "failed";
            var reference = Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
            logger.LogError(unexpected, "Command failed, reference {Reference} ({Platform}, user {User})", reference, request.Platform, request.UserId);
            await RecordFailureAsync(context, $"unexpected error, reference {reference}", cancellationToken);
            var failed = Reply.Error($"Something went wrong on our side. Reference: {reference}. Nothing was changed; please tell your CRM admin this reference.");
            return await AnsweredAloneAsync(request, failed, claim: false, cancellationToken);
        }
    }

    /// <summary>
    /// What the request says is stored (audit rows, stored answers): half a surrogate pair, which JSON
    /// can carry, could not even be encoded, so it becomes U+FFFD here.
    /// </summary>
    private static ChatRequest WellFormed(ChatRequest request)
    {
        static string? Fix(string? value) => value is null ? null : UntrustedText.WellFormed(value);
        var text = Fix(request.Text)!;
        var user = Fix(request.UserId)!;
        var workspace = Fix(request.Workspace)!;
        var channel = Fix(request.ChannelId);
        var channelName = Fix(request.ChannelName);
        if (ReferenceEquals(text, request.Text) && ReferenceEquals(user, request.UserId) && ReferenceEquals(workspace, request.Workspace) &&
            ReferenceEquals(channel, request.ChannelId) && ReferenceEquals(channelName, request.ChannelName))
            return request;
        return request with { Text = text, UserId = user, Workspace = workspace, ChannelId = channel, ChannelName = channelName };
    }

    private async Task<Reply> RunAsync(ICommand command, CommandContext context, CommandArgs args, CancellationToken ct)
    {
        var reply = await command.ExecuteAsync(context, args, ct);
        answers.Stage(context.Request.ReplyTo, reply);
        await SaveWithClaimAsync(context.Request, ct);
        answers.HandOff();
        return reply;
    }

    /// <summary>A repeat of a delivery already handled is refused before it runs again (the claim in its save settles races).</summary>
    private async Task RefuseHandledAsync(ChatRequest request, CancellationToken ct)
    {
        if (request.DeliveryKey is { } key && await IsClaimedAsync(key, ct))
            throw new DuplicateDeliveryException(key);
    }

    /// <summary>
    /// Stores an answer given without the save of a step (a typo, an unknown verb, a failed step, the stored
    /// answer of a change made before) in a save of its own, with the delivery's claim when
    /// <paramref name="claim"/> (a failed step leaves its delivery unclaimed, so the platform's retry runs
    /// it), then hands it to the sender. An answer stored before under the same key is not stored again.
    /// </summary>
    private async Task<Reply> AnsweredAloneAsync(ChatRequest request, Reply reply, bool claim, CancellationToken ct)
    {
        if (request.ReplyTo is null && !(claim && request.DeliveryKey is not null))
            return reply;
        if (db.Database.CurrentTransaction is { } open)
            await open.RollbackAsync(ct);
        db.ChangeTracker.Clear();
        answers.Stage(request.ReplyTo, reply);
        try
        {
            await SaveWithClaimAsync(claim ? request : request with { DeliveryKey = null }, ct);
        }
        catch (Exception e) when (e is DbUpdateException || StorageErrors.IsUniqueViolation(e))
        {
            if (!await answers.WasStoredBeforeAsync(ct)) throw;
            logger.LogInformation("The answer to request {Key} was stored before", request.IdempotencyKey);
            return reply;
        }
        answers.HandOff();
        return reply;
    }

    /// <summary>
    /// Saves what a read-only step recorded (audit rows, an answer staged for the outbox) together with
    /// the delivery claim, in one round trip: on PostgreSQL as one batch of INSERTs, which the server
    /// runs as one implicit transaction, so a repeated delivery stores none of the rows.
    /// </summary>
    private async Task SaveWithClaimAsync(ChatRequest request, CancellationToken ct)
    {
        string? key = null;
        if (request.DeliveryKey is { } delivery)
        {
            key = delivery;
            db.ProcessedRequests.Add(new Domain.Idempotency.ProcessedRequest { Key = key, At = clock.GetUtcNow() });
        }
        try
        {
            await NewRowsBatch.SaveAsync(db, ct);
        }
        catch (Exception e) when (key is not null && (e is DbUpdateException || StorageErrors.IsUniqueViolation(e)))
        {
            if (await IsClaimedAsync(key, ct)) throw new DuplicateDeliveryException(key);
            throw;
        }
    }

    private async Task<bool> IsClaimedAsync(string key, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.ProcessedRequests.AsNoTracking().AnyAsync(p => p.Key == key, ct);
    }

    /// <summary>A change runs in one transaction with its audit rows, outbox messages and idempotency record.</summary>
    private async Task<Reply> RunOnceAsync(ICommand command, CommandContext context, CommandArgs args, CancellationToken ct)
    {
        var key = RequestKey(context.Request);
        if (await StoredAnswerAsync(key, ct) is { } earlier)
            return await AnsweredAloneAsync(context.Request, earlier, claim: true, ct);

        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var reply = await command.ExecuteAsync(context, args, ct);
            answers.Stage(context.Request.ReplyTo, reply);
            db.ProcessedRequests.Add(new Domain.Idempotency.ProcessedRequest { Key = key, At = context.Now, ResultJson = reply.ToJson() });
            var delivery = context.Request.DeliveryKey is { } d && d != key ? d : null;
            if (delivery is not null)
                db.ProcessedRequests.Add(new Domain.Idempotency.ProcessedRequest { Key = delivery, At = context.Now });
            try
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                answers.HandOff();
                return reply;
            }
            catch (DbUpdateException failure)
            {
                // The same request may have run on another host at the same moment: then its answer stands and ours is rolled back.
                var elsewhere = await IsProcessedElsewhereAsync(key, transaction, ct);
                answers.Discard();
                if (delivery is not null && await IsClaimedAsync(delivery, ct))
                    throw new DuplicateDeliveryException(delivery);
                // The run that stored it stored its answer too.
                if (elsewhere)
                    return await StoredAnswerAsync(key, ct) ?? throw new InvalidOperationException("Processed request vanished.");
                // A concurrent create took the human number (C-…, D-…) this one picked: nothing was kept, so run it again with the next.
                if (attempt < MaxAttempts && StorageErrors.IsUniqueViolation(failure.InnerException))
                    continue;
                throw;
            }
        }
    }

    private const int MaxAttempts = 3;

    private async Task<bool> IsProcessedElsewhereAsync(string key, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, CancellationToken ct)
    {
        await transaction.RollbackAsync(ct);
        db.ChangeTracker.Clear();
        return await db.ProcessedRequests.AsNoTracking().AnyAsync(p => p.Key == key, ct);
    }

    private async Task<Reply?> StoredAnswerAsync(string key, CancellationToken ct)
    {
        var done = await db.ProcessedRequests.AsNoTracking().FirstOrDefaultAsync(p => p.Key == key, ct);
        return done?.ResultJson is { } json ? Reply.FromJson(json) : null;
    }

    /// <summary>Keys are per platform and workspace, so two platforms' ids can never collide.</summary>
    public static string RequestKey(ChatRequest request) =>
        $"{request.Platform.ToString().ToLowerInvariant()}:{request.Workspace}:{request.IdempotencyKey}";

    private async Task RecordFailureAsync(CommandContext? context, string detail, CancellationToken ct)
    {
        if (context is null) return;
        try
        {
            db.ChangeTracker.Clear();
            if (db.Database.CurrentTransaction is { } open)
                await open.RollbackAsync(ct);
            context.Audit(AuditAction.Change, detail: detail, outcome: AuditOutcome.Failed);
            await db.SaveChangesAsync(ct);
        }
        catch (Exception auditFailure)
        {
            logger.LogError(auditFailure, "Could not record a failed command in the audit trail");
        }
    }

    private Reply UnknownVerb(string word)
    {
        var shown = UntrustedText.Clip(word, 41);
        var suggestion = catalog.Suggest(word);
        var text = suggestion is null
            ? $"I do not know the command '{shown}'. Type `help` to see what you can do."
            : $"I do not know the command '{shown}'. Did you mean `{suggestion}`? Type `help` to see what you can do.";
        return suggestion is null
            ? Reply.Error(text)
            : new Reply { Tone = ReplyTone.Error, FallbackText = text, Blocks = [new TextBlock(text), new ActionsBlock([new ReplyButton($"help {suggestion}", $"help {suggestion}")])] };
    }

    /// <summary>"digest" or "new" alone: the forms the verb has, each with its usage line.</summary>
    private static Reply MissingNoun(string verb, IReadOnlyList<ICommand> forms)
    {
        var text = $"`{verb}` needs one of: {string.Join(", ", forms.Select(f => f.Descriptor.Noun))}.";
        return new Reply
        {
            Tone = ReplyTone.Error,
            FallbackText = text + " " + string.Join(" · ", forms.Select(f => f.Descriptor.Usage)),
            Blocks = [new TextBlock(text), .. forms.Select(f => new ContextBlock($"Usage: {f.Descriptor.Usage}"))],
        };
    }
}
