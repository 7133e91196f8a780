// References: SMART Health Cards Framework v1.4.0 §"Health Cards are Compact" (the fhirBundle rules for QR use),
//   https://spec.smarthealth.cards/#health-cards-are-compact
using System.Globalization;
using System.Text.Json.Nodes;

namespace Identity.HealthCards.HealthCards;

/// <summary>
/// Minimises a FHIR Bundle for a health card: no <c>Resource.id</c>, <c>Resource.meta</c> only as <c>meta.security</c>,
/// no <c>DomainResource.text</c>, <c>CodeableConcept.text</c> or <c>Coding.display</c>, <c>Bundle.entry.fullUrl</c> as
/// <c>resource:N</c> and every <c>Reference.reference</c> to an entry rewritten to that entry's <c>resource:N</c>.
/// </summary>
/// <remarks><threadsafety>Stateless and thread-safe; the input is not changed.</threadsafety></remarks>
public static class BundleMinimizer
{
    public static JsonObject Minimize(JsonObject bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var copy = (JsonObject)bundle.DeepClone();
        copy.Remove("id");
        copy.Remove("meta");
        copy.Remove("text");
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        if (copy["entry"] is not JsonArray entries)
        {
            return copy;
        }

        for (int i = 0; i < entries.Count; i++)
        {
            if (entries[i] is not JsonObject entry)
            {
                continue;
            }

            string shortUrl = string.Create(CultureInfo.InvariantCulture, $"resource:{i}");
            if (entry["fullUrl"]?.GetValueKind() == System.Text.Json.JsonValueKind.String)
            {
                targets.TryAdd(entry["fullUrl"]!.GetValue<string>(), shortUrl);
            }

            if (entry["resource"] is JsonObject resource
                && resource["resourceType"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
                && resource["id"]?.GetValueKind() == System.Text.Json.JsonValueKind.String)
            {
                targets.TryAdd($"{resource["resourceType"]!.GetValue<string>()}/{resource["id"]!.GetValue<string>()}", shortUrl);
            }

            entry["fullUrl"] = shortUrl;
        }

        foreach (var entry in entries.OfType<JsonObject>())
        {
            if (entry["resource"] is JsonObject resource)
            {
                MinimizeResource(resource);
                Rewrite(resource, targets);
            }
        }

        return copy;
    }

    private static void MinimizeResource(JsonObject resource)
    {
        resource.Remove("id");
        resource.Remove("text");
        if (resource["meta"] is JsonObject meta && meta["security"] is { } security)
        {
            resource["meta"] = new JsonObject { ["security"] = security.DeepClone() };
        }
        else
        {
            resource.Remove("meta");
        }

        if (resource["contained"] is JsonArray contained)
        {
            foreach (var inner in contained.OfType<JsonObject>())
            {
                inner.Remove("text");
                inner.Remove("meta");
            }
        }
    }

    // Walks every object: a CodeableConcept (an object with "coding") loses "text", each Coding loses "display", and a
    // Reference whose target is an entry points at that entry's resource:N.
    private static void Rewrite(JsonNode? node, Dictionary<string, string> targets)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["coding"] is JsonArray codings)
                {
                    obj.Remove("text");
                    foreach (var coding in codings.OfType<JsonObject>())
                    {
                        coding.Remove("display");
                    }
                }

                if (obj["reference"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
                    && targets.TryGetValue(obj["reference"]!.GetValue<string>(), out var target))
                {
                    obj["reference"] = target;
                }

                foreach (var (_, child) in obj.ToList())
                {
                    Rewrite(child, targets);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Rewrite(child, targets);
                }

                break;
        }
    }
}
