namespace Identity.Storage;

/// <summary>
/// The outcome of <see cref="AuditLog.VerifyAsync"/>: how many entries verified, whether the whole log did, and
/// where and why it broke when it did not.
/// </summary>
/// <param name="Entries">The number of entries that verified, from sequence 1; the log's size when <paramref name="Valid"/>.</param>
/// <param name="Valid">True when every entry and every stored tree node recomputed.</param>
/// <param name="FirstInvalidSequence">The first sequence number that failed (for a gap, the missing one); null when valid.</param>
/// <param name="Problem">A short description of the failure (no entry content); null when valid.</param>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record AuditLogReport(long Entries, bool Valid, long? FirstInvalidSequence, string? Problem);
