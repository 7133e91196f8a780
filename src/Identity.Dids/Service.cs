using System.Text.Json.Nodes;

namespace Identity.Dids;

/// <summary>A DID document service (DID Core §5.4). The endpoint is kept as JSON text: a URL string, a map or a set.</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record Service
{
    public required string Id { get; init; }

    public required string Type { get; init; }

    /// <summary>The serviceEndpoint value as compact JSON text.</summary>
    public required string ServiceEndpointJson { get; init; }

    public JsonNode? ServiceEndpoint => JsonNode.Parse(ServiceEndpointJson);
}
