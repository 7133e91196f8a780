namespace Identity.Primitives;

/// <summary>Codes of the transparency log (<c>/log</c>) and of <c>identity audit</c>.</summary>
public static partial class ErrorCodes
{
    /// <summary>A <c>/log</c> request is malformed: a tile path not in C2SP tlog-tiles form, or a proof index or size out of range.</summary>
    public const string InvalidLogRequest = "invalidLogRequest";

    /// <summary>The log is not an append-only extension of a checkpoint signed earlier: it was rewritten or truncated.</summary>
    public const string LogInconsistent = "logInconsistent";

    /// <summary>A checkpoint is malformed or not signed by the log's key.</summary>
    public const string InvalidCheckpoint = "invalidCheckpoint";
}
