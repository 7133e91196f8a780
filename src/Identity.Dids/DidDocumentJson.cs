// References: W3C DID v1.0 §6.2 JSON and §6.3 JSON-LD representations, https://www.w3.org/TR/did-core/#representations
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Dids;

/// <summary>Produces and consumes the JSON (<c>application/did+json</c>) and JSON-LD (<c>application/did+ld+json</c>) representations.</summary>
/// <remarks><threadsafety>Stateless; safe to use from any thread.</threadsafety></remarks>
public static partial class DidDocumentJson
{
    public const string DidJson = "application/did+json";
    public const string DidLdJson = "application/did+ld+json";

    /// <summary>Writes the document. Members follow DID Core's order; empty sets are omitted.</summary>
    public static JsonObject ToJson(DidDocument document, string contentType = DidLdJson)
    {
        ArgumentNullException.ThrowIfNull(document);
        var json = new JsonObject();
        if (string.Equals(contentType, DidLdJson, StringComparison.Ordinal))
        {
            var contexts = LdContexts(document);
            json["@context"] = contexts.Count == 1
                ? JsonValue.Create(contexts[0])
                : new JsonArray([.. contexts.Select(c => (JsonNode?)JsonValue.Create(c))]);
        }

        json["id"] = document.Id.Value;
        AddStrings(json, "alsoKnownAs", document.AlsoKnownAs);
        if (document.Controller.Length == 1)
        {
            json["controller"] = document.Controller[0];
        }
        else
        {
            AddStrings(json, "controller", document.Controller);
        }

        if (document.VerificationMethod.Length > 0)
        {
            json["verificationMethod"] = new JsonArray([.. document.VerificationMethod.Select(m => (JsonNode)ToJson(m))]);
        }

        foreach (var relationship in VerificationRelationships.All)
        {
            var entries = document.GetRelationship(relationship);
            if (entries.Length > 0)
            {
                json[relationship.ToPropertyName()] = new JsonArray([.. entries.Select(e =>
                    e.Embedded is null ? (JsonNode)JsonValue.Create(e.Id) : ToJson(e.Embedded))]);
            }
        }

        if (document.Service.Length > 0)
        {
            json["service"] = new JsonArray([.. document.Service.Select(s => (JsonNode)new JsonObject
            {
                ["id"] = s.Id,
                ["type"] = s.Type,
                ["serviceEndpoint"] = s.ServiceEndpoint,
            })]);
        }

        return json;
    }

    public static JsonObject ToJson(VerificationMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        var json = new JsonObject
        {
            ["id"] = method.Id,
            ["type"] = method.Type,
            ["controller"] = method.Controller,
        };
        if (method.PublicKeyMultibase is not null)
        {
            json["publicKeyMultibase"] = method.PublicKeyMultibase;
        }

        if (method.PublicKeyJwk is not null)
        {
            json["publicKeyJwk"] = JsonNode.Parse(method.PublicKeyJwk);
        }

        if (method.PublicKeyBase58 is not null)
        {
            json["publicKeyBase58"] = method.PublicKeyBase58;
        }

        if (method.BlockchainAccountId is not null)
        {
            json["blockchainAccountId"] = method.BlockchainAccountId;
        }

        return json;
    }

    /// <summary>The document's contexts, followed by the context of every verification method type it uses that
    /// they do not already list: a JSON-LD consumer must be able to expand every method (DID v1.0 §6.3.1).</summary>
    private static List<string> LdContexts(DidDocument document)
    {
        var contexts = new List<string>(document.Context);
        var embedded = VerificationRelationships.All.SelectMany(r => document.GetRelationship(r)).Select(e => e.Embedded).OfType<VerificationMethod>();
        foreach (var method in document.VerificationMethod.Concat(embedded))
        {
            if (DidContexts.ForVerificationMethodType(method.Type) is { } context && !contexts.Contains(context, StringComparer.Ordinal))
            {
                contexts.Add(context);
            }
        }

        return contexts;
    }

    private static void AddStrings(JsonObject json, string name, ImmutableArray<string> values)
    {
        if (values.Length > 0)
        {
            json[name] = new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
        }
    }

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidDidDocument, detail);

    private static readonly JsonSerializerOptions s_compact = new() { WriteIndented = false };
}
