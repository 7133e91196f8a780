using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Dids;

public static partial class DidDocumentJson
{
    /// <summary>
    /// Reads a DID document from either representation. Relative method ids (<c>#key-1</c>) are made absolute
    /// against the document id. Fails with <c>invalidDidDocument</c> on any structural error; never throws for bad input.
    /// </summary>
    public static Result<DidDocument> Parse(JsonNode? node)
    {
        if (node is not JsonObject json)
        {
            return Invalid("A DID document must be a JSON object.");
        }

        if (!TryGetString(json, "id", out var idText))
        {
            return Invalid("The DID document has no string 'id'.");
        }

        var id = Did.Parse(idText);
        if (!id.IsSuccess)
        {
            return Invalid($"The DID document id is not a DID: {id.Error.Detail}");
        }

        var context = ReadStringOrSet(json, "@context");
        var methods = ImmutableArray.CreateBuilder<VerificationMethod>();
        if (json["verificationMethod"] is JsonNode vmNode)
        {
            if (vmNode is not JsonArray vmArray)
            {
                return Invalid("'verificationMethod' must be an array.");
            }

            foreach (var item in vmArray)
            {
                var method = ParseMethod(item, id.Value);
                if (!method.IsSuccess)
                {
                    return method.Error;
                }

                methods.Add(method.Value);
            }
        }

        var relationships = new Dictionary<VerificationRelationship, ImmutableArray<VerificationMethodReference>>();
        foreach (var relationship in VerificationRelationships.All)
        {
            var entries = ParseRelationship(json[relationship.ToPropertyName()], relationship, id.Value);
            if (!entries.IsSuccess)
            {
                return entries.Error;
            }

            relationships[relationship] = entries.Value;
        }

        var services = ParseServices(json["service"], id.Value);
        if (!services.IsSuccess)
        {
            return services.Error;
        }

        return new DidDocument
        {
            Id = id.Value,
            Context = context.IsDefaultOrEmpty ? [DidContexts.DidV1] : context,
            AlsoKnownAs = ReadStringOrSet(json, "alsoKnownAs"),
            Controller = ReadStringOrSet(json, "controller"),
            VerificationMethod = methods.ToImmutable(),
            Authentication = relationships[VerificationRelationship.Authentication],
            AssertionMethod = relationships[VerificationRelationship.AssertionMethod],
            KeyAgreement = relationships[VerificationRelationship.KeyAgreement],
            CapabilityInvocation = relationships[VerificationRelationship.CapabilityInvocation],
            CapabilityDelegation = relationships[VerificationRelationship.CapabilityDelegation],
            Service = services.Value,
        };
    }

    private static Result<VerificationMethod> ParseMethod(JsonNode? node, Did documentId)
    {
        if (node is not JsonObject json)
        {
            return Invalid("A verification method must be a JSON object.");
        }

        if (!TryGetString(json, "id", out var id) || !TryGetString(json, "type", out var type)
            || !TryGetString(json, "controller", out var controller))
        {
            return Invalid("A verification method needs string 'id', 'type' and 'controller'.");
        }

        var absolute = DidUrl.Resolve(documentId, id);
        if (!absolute.IsSuccess)
        {
            return Invalid($"Verification method id '{id}' is not a DID URL: {absolute.Error.Detail}");
        }

        string? jwk = null;
        if (json["publicKeyJwk"] is JsonNode jwkNode)
        {
            if (jwkNode is not JsonObject)
            {
                return Invalid($"publicKeyJwk of '{id}' must be a JSON object.");
            }

            jwk = jwkNode.ToJsonString(s_compact);
        }

        return new VerificationMethod
        {
            Id = absolute.Value.Value,
            Type = type,
            Controller = controller,
            PublicKeyMultibase = TryGetString(json, "publicKeyMultibase", out var mb) ? mb : null,
            PublicKeyJwk = jwk,
            PublicKeyBase58 = TryGetString(json, "publicKeyBase58", out var b58) ? b58 : null,
            BlockchainAccountId = TryGetString(json, "blockchainAccountId", out var account) ? account : null,
        };
    }

    private static Result<ImmutableArray<VerificationMethodReference>> ParseRelationship(
        JsonNode? node, VerificationRelationship relationship, Did documentId)
    {
        if (node is null)
        {
            return ImmutableArray<VerificationMethodReference>.Empty;
        }

        if (node is not JsonArray array)
        {
            return Invalid($"'{relationship.ToPropertyName()}' must be an array.");
        }

        var entries = ImmutableArray.CreateBuilder<VerificationMethodReference>(array.Count);
        foreach (var item in array)
        {
            if (item is JsonValue value && value.TryGetValue<string>(out var reference))
            {
                var absolute = DidUrl.Resolve(documentId, reference);
                if (!absolute.IsSuccess)
                {
                    return Invalid($"'{relationship.ToPropertyName()}' entry '{reference}' is not a DID URL.");
                }

                entries.Add(VerificationMethodReference.Reference(absolute.Value.Value));
            }
            else
            {
                var embedded = ParseMethod(item, documentId);
                if (!embedded.IsSuccess)
                {
                    return embedded.Error;
                }

                entries.Add(VerificationMethodReference.Embed(embedded.Value));
            }
        }

        return entries.MoveToImmutable();
    }

    private static Result<ImmutableArray<Service>> ParseServices(JsonNode? node, Did documentId)
    {
        if (node is null)
        {
            return ImmutableArray<Service>.Empty;
        }

        if (node is not JsonArray array)
        {
            return Invalid("'service' must be an array.");
        }

        var services = ImmutableArray.CreateBuilder<Service>(array.Count);
        foreach (var item in array)
        {
            if (item is not JsonObject json || !TryGetString(json, "id", out var id) || !TryGetString(json, "type", out var type)
                || json["serviceEndpoint"] is not JsonNode endpoint)
            {
                return Invalid("A service needs string 'id' and 'type' and a 'serviceEndpoint'.");
            }

            var absolute = id.StartsWith('#') ? documentId.Value + id : id;
            services.Add(new Service { Id = absolute, Type = type, ServiceEndpointJson = endpoint.ToJsonString(s_compact) });
        }

        return services.MoveToImmutable();
    }

    private static bool TryGetString(JsonObject json, string name, out string value)
    {
        if (json[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.GetValue<string>();
            return true;
        }

        value = string.Empty;
        return false;
    }

    private static ImmutableArray<string> ReadStringOrSet(JsonObject json, string name) => json[name] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
        JsonArray a => [.. a.OfType<JsonValue>().Where(x => x.GetValueKind() == JsonValueKind.String).Select(x => x.GetValue<string>())],
        _ => [],
    };
}
