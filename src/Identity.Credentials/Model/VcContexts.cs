using System.Text.Json.Nodes;

namespace Identity.Credentials.Model;

/// <summary>The base JSON-LD context URLs that open every credential and presentation.</summary>
public static class VcContexts
{
    /// <summary>The VC Data Model 2.0 base context.</summary>
    public const string V2 = "https://www.w3.org/ns/credentials/v2";

    /// <summary>The VC Data Model 1.1 base context.</summary>
    public const string V1 = "https://www.w3.org/2018/credentials/v1";

    /// <summary>The version a first <c>@context</c> entry announces: <see cref="V1"/> is 1.1, anything else is read as 2.0.</summary>
    internal static VcVersion VersionOf(JsonNode? context)
    {
        JsonNode? first = context is JsonArray array ? (array.Count > 0 ? array[0] : null) : context;
        return JsonValues.GetString(first) == V1 ? VcVersion.V1_1 : VcVersion.V2_0;
    }
}
