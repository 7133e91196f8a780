namespace Identity.Storage;

/// <summary>The stored names of <see cref="PresentationRequestStatus"/>, shared by the adapters.</summary>
public static class PresentationRequestStatuses
{
    /// <summary>The stored (and wire) name: <c>pending</c>, <c>processing</c>, <c>verified</c>, <c>failed</c>.</summary>
    public static string Name(PresentationRequestStatus status) => status switch
    {
        PresentationRequestStatus.Pending => "pending",
        PresentationRequestStatus.Processing => "processing",
        PresentationRequestStatus.Verified => "verified",
        _ => "failed",
    };

    /// <summary>Reads a stored name back.</summary>
    /// <exception cref="InvalidOperationException">The name is not one of the four (the schema's CHECK forbids that).</exception>
    public static PresentationRequestStatus Parse(string name) => name switch
    {
        "pending" => PresentationRequestStatus.Pending,
        "processing" => PresentationRequestStatus.Processing,
        "verified" => PresentationRequestStatus.Verified,
        "failed" => PresentationRequestStatus.Failed,
        _ => throw new InvalidOperationException($"Unknown stored presentation request status '{name}'."),
    };
}
