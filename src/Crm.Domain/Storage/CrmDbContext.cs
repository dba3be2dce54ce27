using Crm.Domain.Audit;
using Crm.Domain.Channels;
using Crm.Domain.Customers;
using Crm.Domain.Deals;
using Crm.Domain.Digests;
using Crm.Domain.Files;
using Crm.Domain.Handoffs;
using Crm.Domain.Identity;
using Crm.Domain.Idempotency;
using Crm.Domain.Installations;
using Crm.Domain.Invoices;
using Crm.Domain.Outbox;
using Crm.Domain.Tasks;
using Crm.Domain.Tickets;
using Crm.Domain.Timeline;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Storage;

/// <summary>
/// The CRM's one database. Two provider-specific subclasses exist only so each provider keeps its
/// own migrations; everything else talks to this type.
/// </summary>
public abstract class CrmDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Deal> Deals => Set<Deal>();
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<Invoice> Invoices => Set<Invoice>();
    public DbSet<TimelineEntry> Timeline => Set<TimelineEntry>();
    public DbSet<CrmTask> Tasks => Set<CrmTask>();
    public DbSet<Handoff> Handoffs => Set<Handoff>();
    public DbSet<ChatChannel> Channels => Set<ChatChannel>();
    public DbSet<Follow> Follows => Set<Follow>();
    public DbSet<RoleMappingRule> RoleMappings => Set<RoleMappingRule>();
    public DbSet<ChatUserLink> UserLinks => Set<ChatUserLink>();
    public DbSet<AuditRecord> Audit => Set<AuditRecord>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<DigestSubscription> Digests => Set<DigestSubscription>();
    public DbSet<ProcessedRequest> ProcessedRequests => Set<ProcessedRequest>();
    public DbSet<ChannelPause> ChannelPauses => Set<ChannelPause>();
    public DbSet<SlackInstallation> SlackInstallations => Set<SlackInstallation>();
    /// <summary>The ASP.NET Core Data Protection key ring, shared by every host (it protects the stored Slack tokens).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<StoredFile> Files => Set<StoredFile>();

    /// <summary>True on PostgreSQL, where pg_trgm, SKIP LOCKED and advisory locks are available.</summary>
    public abstract bool IsPostgres { get; }

    /// <summary>The customer search of this store (pg_trgm ranking on PostgreSQL, a simpler path on the embedded store), reading through this context.</summary>
    public abstract ICustomerSearch CustomerSearch();

    /// <summary>
    /// Inserts a handled-delivery row unless one with <paramref name="key"/> exists, in one atomic
    /// statement, so hosts racing for the same delivery agree on one winner; true when this call inserted it.
    /// </summary>
    public abstract Task<bool> TryClaimDeliveryAsync(string key, DateTimeOffset at, CancellationToken ct);

    /// <summary>
    /// Inserts or updates the link of a chat account to a person in one statement: the first requests of
    /// a person often arrive together (a double click, a mention and a DM), and a failed INSERT would be
    /// logged as a database error each time.
    /// </summary>
    public abstract Task RememberUserLinkAsync(ChatUserLink link, CancellationToken ct);

    /// <summary>
    /// Takes the turn to pick the next human number (C-…, D-…) of <paramref name="kind"/> until the current
    /// transaction ends, so concurrent creates on several hosts do not pick the same one; nothing to do
    /// outside a transaction or where one writer is all there is.
    /// </summary>
    public abstract Task TakeNumberingTurnAsync(string kind, CancellationToken ct);

    /// <summary>
    /// Stores that the channel is paused until <paramref name="until"/> in one statement (insert or
    /// update), keeping the later of the stored and the new pause, so hosts told at once agree.
    /// </summary>
    public abstract Task PauseChannelAsync(Common.Platform platform, string workspace, string recipient, DateTimeOffset until, CancellationToken ct);

    /// <summary>
    /// Takes the channel's next turn for every host at once: when no pause or turn of another sender runs
    /// past <paramref name="now"/>, stores one until <paramref name="now"/> + <paramref name="interval"/> and
    /// returns null (send now); otherwise changes nothing and returns when the running one ends. One
    /// statement, so two hosts asking at the same moment never both get the turn.
    /// </summary>
    public abstract Task<DateTimeOffset?> TakeChannelTurnAsync(Common.Platform platform, string workspace, string recipient, DateTimeOffset now,
        TimeSpan interval, CancellationToken ct);

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Customer>(e =>
        {
            e.ToTable("customers");
            e.HasIndex(c => c.Number).IsUnique();
            e.HasIndex(c => c.NameKey);
            e.HasIndex(c => c.Domain);
            e.HasIndex(c => c.OwnerEmail);
            e.Property(c => c.Name).HasMaxLength(200);
            e.Property(c => c.NameKey).HasMaxLength(200);
            e.Property(c => c.Domain).HasMaxLength(253);
            e.Property(c => c.Industry).HasMaxLength(100);
            e.Property(c => c.Segment).HasMaxLength(40);
            e.Property(c => c.Region).HasMaxLength(40);
            e.Property(c => c.OwnerEmail).HasMaxLength(254);
            e.Property(c => c.Currency).HasMaxLength(3);
            e.Property(c => c.Arr).HasPrecision(18, 2);
            e.Property(c => c.Lifecycle).HasConversion<string>().HasMaxLength(20);
            e.HasMany(c => c.Contacts).WithOne(c => c.Customer).HasForeignKey(c => c.CustomerId);
            e.Ignore(c => c.HumanId);
        });
        model.Entity<Contact>(e =>
        {
            e.ToTable("contacts");
            e.HasIndex(c => c.Number).IsUnique();
            e.HasIndex(c => c.CustomerId);
            e.HasIndex(c => c.Email);
            e.Ignore(c => c.HumanId);
        });
        model.Entity<Deal>(e =>
        {
            e.ToTable("deals");
            e.HasIndex(d => d.Number).IsUnique();
            e.HasIndex(d => d.CustomerId);
            e.HasIndex(d => new { d.Stage, d.CloseDate });
            e.Property(d => d.Amount).HasPrecision(18, 2);
            e.Property(d => d.Currency).HasMaxLength(3);
            e.Property(d => d.Stage).HasConversion<string>().HasMaxLength(20);
            e.HasOne(d => d.Customer).WithMany().HasForeignKey(d => d.CustomerId);
            e.Ignore(d => d.HumanId);
        });
        model.Entity<Ticket>(e =>
        {
            e.ToTable("tickets");
            e.HasIndex(t => t.Number).IsUnique();
            e.HasIndex(t => new { t.CustomerId, t.Status });
            e.HasIndex(t => new { t.Status, t.SlaDueAt });
            e.Property(t => t.Priority).HasConversion<string>().HasMaxLength(20);
            e.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
            e.HasOne(t => t.Customer).WithMany().HasForeignKey(t => t.CustomerId);
            e.Ignore(t => t.HumanId);
            e.Ignore(t => t.IsOpen);
        });
        model.Entity<Invoice>(e =>
        {
            e.ToTable("invoices");
            e.HasIndex(i => i.Number).IsUnique();
            e.HasIndex(i => i.CustomerId);
            e.HasIndex(i => new { i.PaidAt, i.DueOn });
            e.Property(i => i.Amount).HasPrecision(18, 2);
            e.Property(i => i.Currency).HasMaxLength(3);
            e.HasOne(i => i.Customer).WithMany().HasForeignKey(i => i.CustomerId);
            e.Ignore(i => i.HumanId);
            e.Ignore(i => i.IsPaid);
        });
        model.Entity<TimelineEntry>(e =>
        {
            e.ToTable("timeline");
            e.HasIndex(t => new { t.CustomerId, t.At });
            e.Property(t => t.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(t => t.Platform).HasConversion<string>().HasMaxLength(10);
        });
        model.Entity<CrmTask>(e =>
        {
            e.ToTable("tasks");
            e.HasIndex(t => t.Number).IsUnique();
            e.HasIndex(t => new { t.AssigneeEmail, t.Done });
            e.Ignore(t => t.HumanId);
        });
        model.Entity<Handoff>(e =>
        {
            e.ToTable("handoffs");
            e.HasIndex(h => h.Number).IsUnique();
            e.HasIndex(h => new { h.ToDepartment, h.State });
            e.Property(h => h.FromDepartment).HasConversion<string>().HasMaxLength(20);
            e.Property(h => h.ToDepartment).HasConversion<string>().HasMaxLength(20);
            e.Property(h => h.State).HasConversion<string>().HasMaxLength(20);
            e.Ignore(h => h.HumanId);
        });
        model.Entity<ChatChannel>(e =>
        {
            e.ToTable("chat_channels");
            e.HasIndex(c => new { c.Platform, c.Workspace, c.ExternalId }).IsUnique();
            e.Property(c => c.Platform).HasConversion<string>().HasMaxLength(10);
            e.Property(c => c.Department).HasConversion<string>().HasMaxLength(20);
            e.Ignore(c => c.Ref);
        });
        model.Entity<Follow>(e =>
        {
            e.ToTable("follows");
            e.HasIndex(f => new { f.ChannelId, f.CustomerId }).IsUnique();
            e.HasIndex(f => f.CustomerId);
        });
        model.Entity<RoleMappingRule>(e =>
        {
            e.ToTable("role_mappings");
            e.HasIndex(r => new { r.Kind, r.Match }).IsUnique();
            e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.Role).HasConversion<string>().HasMaxLength(20);
        });
        model.Entity<ChatUserLink>(e =>
        {
            e.ToTable("chat_user_links");
            e.HasIndex(u => new { u.Platform, u.Workspace, u.ExternalUserId }).IsUnique();
            e.HasIndex(u => u.Email);
            e.Property(u => u.Platform).HasConversion<string>().HasMaxLength(10);
        });
        model.Entity<AuditRecord>(e =>
        {
            e.ToTable("audit_records");
            e.HasIndex(a => new { a.CustomerId, a.At });
            e.HasIndex(a => a.At);
            e.Property(a => a.Platform).HasConversion<string>().HasMaxLength(10);
            e.Property(a => a.Action).HasConversion<string>().HasMaxLength(20);
            e.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(20);
        });
        model.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox");
            e.HasIndex(o => o.IdempotencyKey).IsUnique();
            // Sent rows pile up for ever and nothing looks them up by status or lease: the two indexes
            // the dispatcher uses leave them out, so they stay small. A sent row stays in the lease index
            // only when it keeps its channel's spacing (a claim until the platform's interval has passed).
            e.HasIndex(o => new { o.Status, o.NextAttemptAt }).HasFilter("\"Status\" <> 'Sent'");
            // The dispatcher asks "which channels are leased or pacing right now" on every claim.
            e.HasIndex(o => o.LockedUntil).HasFilter("\"LockedUntil\" IS NOT NULL");
            e.Property(o => o.Platform).HasConversion<string>().HasMaxLength(10);
            e.Property(o => o.TargetKind).HasConversion<string>().HasMaxLength(10);
            e.Property(o => o.Status).HasConversion<string>().HasMaxLength(10);
        });
        model.Entity<DigestSubscription>(e =>
        {
            e.ToTable("digest_subscriptions");
            e.HasIndex(d => d.ChannelId);
            e.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        });
        model.Entity<ProcessedRequest>(e =>
        {
            e.ToTable("processed_requests");
            e.HasKey(p => p.Key);
            e.HasIndex(p => p.At);
        });
        model.Entity<ChannelPause>(e =>
        {
            e.ToTable("channel_pauses");
            // The pacer reads one channel's pause by this key right before every send.
            e.HasKey(p => new { p.Platform, p.Workspace, p.Recipient });
            e.Property(p => p.Platform).HasConversion<string>().HasMaxLength(10);
        });
        model.Entity<SlackInstallation>(e =>
        {
            e.ToTable("slack_installations");
            // One row per workspace install (team) and per org-wide install (enterprise, empty team).
            e.HasIndex(i => new { i.EnterpriseId, i.TeamId }).IsUnique();
            e.HasIndex(i => i.TeamId);
            e.Property(i => i.EnterpriseId).HasMaxLength(40);
            e.Property(i => i.TeamId).HasMaxLength(40);
            e.Property(i => i.Name).HasMaxLength(200);
            e.Property(i => i.AppId).HasMaxLength(40);
            e.Property(i => i.BotUserId).HasMaxLength(40);
            e.Property(i => i.Scopes).HasMaxLength(2000);
            e.Property(i => i.InstallerUserId).HasMaxLength(40);
            e.Property(i => i.RemovedReason).HasMaxLength(200);
            e.Ignore(i => i.IsRemoved);
        });
        model.Entity<DataProtectionKey>(e => e.ToTable("data_protection_keys"));
        model.Entity<StoredFile>(e =>
        {
            e.ToTable("reply_files");
            // The id is the reply's file id, chosen (at random) when the file was made.
            e.Property(f => f.Id).ValueGeneratedNever();
            e.Property(f => f.MediaType).HasMaxLength(100);
            // The retention job deletes expired files by this.
            e.HasIndex(f => f.ExpiresAt);
        });
        ConfigureProvider(model);
    }

    /// <summary>Provider-specific touches (value converters on SQLite, pg_trgm on PostgreSQL).</summary>
    protected abstract void ConfigureProvider(ModelBuilder model);
}
