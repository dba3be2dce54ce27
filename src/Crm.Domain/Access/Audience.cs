using Crm.Domain.Common;

namespace Crm.Domain.Access;

/// <summary>Whoever will see a piece of content, and the field classes they may read.</summary>
public sealed record Audience(string Name, FieldClass Reads, string Why)
{
    /// <summary>What a channel's clearance lets through, when a channel is part of the audience (else null).</summary>
    public FieldClass? ChannelReads { get; init; }

    /// <summary>What a person's role lets through, when their role limits the content (the asker, or the one posting); else null.</summary>
    public FieldClass? PersonReads { get; init; }

    /// <summary>Whose role <see cref="PersonReads"/> is (their e-mail address).</summary>
    public string? Person { get; init; }

    /// <summary>That person's role ("finance-analyst", or "no role").</summary>
    public string? PersonRole { get; init; }

    /// <summary>A private answer: the asker's own permissions.</summary>
    public static Audience Private(Principal asker) =>
        new(asker.Email ?? asker.DisplayName, asker.Reads,
            asker.Role is { } role ? $"only you see this; your role {role.Name()} reads it" : "only you see this; you have no role")
        {
            PersonReads = asker.Reads,
            Person = asker.Email ?? asker.DisplayName,
            PersonRole = RoleOf(asker),
        };

    private static string RoleOf(Principal person) => person.Role is { } role ? role.Name() : "no role";

    /// <summary>What a channel bound to <paramref name="department"/> (or unbound) may show.</summary>
    public static FieldClass ChannelClearance(Department? department) =>
        department is { } d ? RolePolicy.ReadableBy(RolePolicy.BaseRole(d)) : FieldClass.Basic;

    /// <summary>
    /// Content posted into a channel: everyone there sees it, so it is cut to the channel's clearance,
    /// and never beyond what the person posting it may read themselves.
    /// </summary>
    public static Audience Channel(string channelName, Department? department, Principal? poster)
    {
        var clearance = ChannelClearance(department);
        var why = department is { } d
            ? $"posted into #{channelName}, bound to {d} (cleared as {RolePolicy.BaseRole(d).Name()})"
            : $"posted into #{channelName}, which is bound to no department (basic only)";
        if (poster is null)
            return new Audience($"#{channelName}", clearance, why) { ChannelReads = clearance };
        var reads = clearance & poster.Reads;
        if (reads != clearance)
            why += $", and limited to what {poster.Email} may read";
        return new Audience($"#{channelName}", reads, why) { ChannelReads = clearance, PersonReads = poster.Reads, Person = poster.Email ?? poster.DisplayName, PersonRole = RoleOf(poster) };
    }
}
