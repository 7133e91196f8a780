// References:
//   JSON-LD 1.1 Processing Algorithms and API, §8.1 Deserialize JSON-LD to RDF, §8.2 Object to RDF, §8.3 List to RDF
//   — https://www.w3.org/TR/json-ld11-api/#deserialize-json-ld-to-rdf-algorithm

using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Identity.JsonLd.Rdf;

namespace Identity.JsonLd.Processing;

/// <summary>Turns a node map into RDF quads.</summary>
/// <remarks>Charges the options' budget <see cref="QuadUnits"/> for every value it turns into a quad, before it does, so
/// a dataset too large for the request is refused while it is being built, not after.</remarks>
internal sealed partial class RdfSerializer(JsonLdOptions options)
{
    internal const int QuadUnits = 8;

    private const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private const string Xsd = "http://www.w3.org/2001/XMLSchema#";
    private int _listCounter;

    public IReadOnlyList<RdfQuad> Serialize(Dictionary<string, Dictionary<string, NodeMapNode>> graphs)
    {
        var quads = new List<RdfQuad>();
        foreach ((string graphName, Dictionary<string, NodeMapNode> graph) in graphs)
        {
            RdfTerm graphTerm;
            if (graphName == "@default")
            {
                graphTerm = RdfTerm.DefaultGraph;
            }
            else if (Resource(graphName) is { } named)
            {
                graphTerm = named;
            }
            else
            {
                continue;
            }

            foreach ((string subjectId, NodeMapNode node) in graph)
            {
                if (Resource(subjectId) is not { } subject)
                {
                    continue;
                }

                foreach (string type in node.Types)
                {
                    Charge();
                    if (Resource(type) is { } typeTerm)
                    {
                        quads.Add(new RdfQuad(subject, RdfTerm.Iri(Rdf + "type"), typeTerm, graphTerm));
                    }
                }

                foreach ((string property, List<NodeValue> values) in node.Properties)
                {
                    if (IriReference.IsKeyword(property) || (IriReference.IsBlankNode(property) && !options.ProduceGeneralizedRdf))
                    {
                        continue;
                    }

                    if (Resource(property) is not { } predicate)
                    {
                        continue;
                    }

                    foreach (NodeValue item in values)
                    {
                        Charge();
                        RdfTerm? obj = ObjectToRdf(item, quads, graphTerm);
                        if (obj is not null)
                        {
                            quads.Add(new RdfQuad(subject, predicate, obj.Value, graphTerm));
                        }
                    }
                }
            }
        }

        return quads;
    }

    private static RdfTerm? Resource(string id) =>
        IriReference.IsBlankNode(id) ? RdfTerm.Blank(id[2..]) : IriReference.IsWellFormed(id) ? RdfTerm.Iri(id) : null;

    // §8.2.2; list triples are added to quads directly, before the triple that refers to the list.
    private RdfTerm? ObjectToRdf(NodeValue item, List<RdfQuad> quads, in RdfTerm graph)
    {
        if (item.Id is not null)
        {
            return Resource(item.Id);
        }

        if (item.List is not null)
        {
            return ListToRdf(item.List, quads, graph);
        }

        JsonObject value = item.Value!;
        JsonNode? raw = value["@value"];
        string? datatype = value["@type"]?.GetValue<string>();
        string? language = value["@language"]?.GetValue<string>();
        string? direction = value["@direction"]?.GetValue<string>();
        if (datatype is not null && datatype != "@json" && !IriReference.IsWellFormed(datatype))
        {
            return null;
        }

        if (language is not null && !LanguageTag().IsMatch(language))
        {
            return null;
        }

        string lexical;
        if (datatype == "@json")
        {
            lexical = options.JsonCanonicalizer is { } canonicalize
                ? canonicalize(raw)
                : throw new JsonLdException("invalid JSON literal", "@json literals need a JSON canonicalizer (JCS) in the options.");
            datatype = Rdf + "JSON";
        }
        else if (raw is null)
        {
            return null;
        }
        else
        {
            switch (raw.GetValueKind())
            {
                case JsonValueKind.True:
                case JsonValueKind.False:
                    lexical = raw.GetValueKind() == JsonValueKind.True ? "true" : "false";
                    datatype ??= Xsd + "boolean";
                    break;
                case JsonValueKind.Number:
                    // A number built in memory (an int, a long, a decimal) is not readable as double directly; its JSON
                    // text always is.
                    double number = raw is JsonValue numeric && numeric.TryGetValue(out double parsed)
                        ? parsed
                        : double.Parse(raw.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
                    if (number % 1 != 0 || Math.Abs(number) >= 1e21 || datatype == Xsd + "double")
                    {
                        lexical = CanonicalDouble(number);
                        datatype ??= Xsd + "double";
                    }
                    else
                    {
                        lexical = new BigInteger(number).ToString(CultureInfo.InvariantCulture);
                        datatype ??= Xsd + "integer";
                    }

                    break;
                default:
                    lexical = raw.GetValue<string>();
                    break;
            }
        }

        if (direction is not null && options.RdfDirection == "i18n-datatype")
        {
            return RdfTerm.Literal(lexical, "https://www.w3.org/ns/i18n#" + (language ?? string.Empty) + "_" + direction);
        }

        if (direction is not null && options.RdfDirection == "compound-literal")
        {
            RdfTerm literal = RdfTerm.Blank("l" + (_listCounter++).ToString(CultureInfo.InvariantCulture) + "_compound");
            quads.Add(new RdfQuad(literal, RdfTerm.Iri(Rdf + "value"), RdfTerm.Literal(lexical), graph));
            if (language is not null)
            {
                quads.Add(new RdfQuad(literal, RdfTerm.Iri(Rdf + "language"), RdfTerm.Literal(language), graph));
            }

            quads.Add(new RdfQuad(literal, RdfTerm.Iri(Rdf + "direction"), RdfTerm.Literal(direction), graph));
            return literal;
        }

        return language is not null && datatype is null ? RdfTerm.Literal(lexical, language: language) : RdfTerm.Literal(lexical, datatype);
    }

    private void Charge()
    {
        if (options.Budget is { } budget && !budget.TryCharge(QuadUnits))
        {
            throw JsonLdException.WorkLimit();
        }
    }

    private RdfTerm ListToRdf(List<NodeValue> list, List<RdfQuad> quads, in RdfTerm graph)
    {
        if (list.Count == 0)
        {
            return RdfTerm.Iri(Rdf + "nil");
        }

        var nodes = new RdfTerm[list.Count];
        for (int i = 0; i < nodes.Length; i++)
        {
            nodes[i] = RdfTerm.Blank("l" + (_listCounter++).ToString(CultureInfo.InvariantCulture));
        }

        for (int i = 0; i < nodes.Length; i++)
        {
            Charge();
            RdfTerm? first = ObjectToRdf(list[i], quads, graph);
            if (first is not null)
            {
                quads.Add(new RdfQuad(nodes[i], RdfTerm.Iri(Rdf + "first"), first.Value, graph));
            }

            quads.Add(new RdfQuad(nodes[i], RdfTerm.Iri(Rdf + "rest"), i + 1 < nodes.Length ? nodes[i + 1] : RdfTerm.Iri(Rdf + "nil"), graph));
        }

        return nodes[0];
    }

    // The canonical xsd:double form the JSON-LD API prescribes: d.ddddddddddddddE±x with trailing zeros trimmed.
    private static string CanonicalDouble(double value)
    {
        string formatted = value.ToString("E15", CultureInfo.InvariantCulture); // e.g. 1.100000000000000E+001
        int e = formatted.IndexOf('E', StringComparison.Ordinal);
        string mantissa = formatted[..e].TrimEnd('0');
        if (mantissa.EndsWith('.'))
        {
            mantissa += "0";
        }

        int exponent = int.Parse(formatted.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return mantissa + "E" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")]
    private static partial Regex LanguageTag();
}
