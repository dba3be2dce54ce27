namespace Crm.Domain.Reports;

/// <summary>How many of a report's records fall in one customer segment ("(none)" when unset).</summary>
public sealed record SegmentCount(string Segment, int Count);
