// References:
//   JSON-LD 1.1 Processing Algorithms and API, §7.2 Node Map Generation — https://www.w3.org/TR/json-ld11-api/#node-map-generation

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.JsonLd.Processing;

/// <summary>One value in a node map: a node reference, a value object, or a list.</summary>
internal sealed class NodeValue
{
    public string? Id { get; init; }

    public JsonObject? Value { get; init; }

    public List<NodeValue>? List { get; init; }
}

/// <summary>One node of a node map.</summary>
internal sealed class NodeMapNode(string id)
{
    public string Id { get; } = id;

    public List<string> Types { get; } = [];

    public Dictionary<string, List<NodeValue>> Properties { get; } = new(StringComparer.Ordinal);

    public string? Index { get; set; }

    /// <summary>(property, value key) pairs already in <see cref="Properties"/>: duplicates are found in O(1), not by a
    /// scan of every earlier value (a property with n values would cost n² comparisons).</summary>
    public HashSet<(string Property, string Key)> Seen { get; } = [];

    public HashSet<string> TypeSet { get; } = new(StringComparer.Ordinal);
}

/// <summary>Node Map Generation (§7.2.2) over an expanded document, relabelling blank nodes <c>_:b0</c>, <c>_:b1</c>, …</summary>
/// <remarks>Charges <paramref name="budget"/> <see cref="ElementUnits"/> per element visited (each becomes an entry the
/// map holds). Its recursion follows the expanded
/// document's nesting, which expansion has bounded by <see cref="JsonLdOptions.MaxDepth"/>.</remarks>
internal sealed class NodeMapBuilder(WorkBudget? budget = null)
{
    internal const int ElementUnits = 8;

    private readonly Dictionary<string, string> _blankNodes = new(StringComparer.Ordinal);
    private int _counter;

    /// <summary>Graph name (<c>@default</c> for the default graph) → subject → node.</summary>
    public Dictionary<string, Dictionary<string, NodeMapNode>> Graphs { get; } = new(StringComparer.Ordinal)
    {
        ["@default"] = new(StringComparer.Ordinal),
    };

    public void Generate(JsonNode? element, string activeGraph = "@default", string? activeSubject = null, bool reverse = false, string? activeProperty = null, List<NodeValue>? list = null)
    {
        if (budget is not null && !budget.TryCharge(ElementUnits))
        {
            throw JsonLdException.WorkLimit();
        }

        if (element is JsonArray array)
        {
            foreach (JsonNode? item in array)
            {
                Generate(item, activeGraph, activeSubject, reverse, activeProperty, list);
            }

            return;
        }

        if (element is not JsonObject map)
        {
            return;
        }

        if (!Graphs.TryGetValue(activeGraph, out Dictionary<string, NodeMapNode>? graph))
        {
            Graphs[activeGraph] = graph = new Dictionary<string, NodeMapNode>(StringComparer.Ordinal);
        }

        NodeMapNode? subjectNode = activeSubject is null || reverse ? null : graph[activeSubject];

        // Step 4: value objects.
        if (map.ContainsKey("@value"))
        {
            var value = new NodeValue { Value = map };
            if (list is not null)
            {
                list.Add(value);
            }
            else if (subjectNode is not null && activeProperty is not null)
            {
                List<NodeValue> values = Values(subjectNode, activeProperty);
                if (subjectNode.Seen.Add((activeProperty, ValueKey(map))))
                {
                    values.Add(value);
                }
            }

            return;
        }

        // Step 5: list objects.
        if (map.TryGetPropertyValue("@list", out JsonNode? listItems))
        {
            var result = new NodeValue { List = [] };
            Generate(listItems, activeGraph, activeSubject, reverse, activeProperty, result.List);
            if (list is not null)
            {
                list.Add(result);
            }
            else if (subjectNode is not null && activeProperty is not null)
            {
                Values(subjectNode, activeProperty).Add(result);
            }

            return;
        }

        // Step 6: node objects. An @id that expanded to null (a keyword-like IRI) names nothing: the node is dropped.
        if (map.TryGetPropertyValue("@id", out JsonNode? nullId) && nullId is null)
        {
            return;
        }

        string id = map.TryGetPropertyValue("@id", out JsonNode? idNode) && idNode?.GetValueKind() == JsonValueKind.String
            ? idNode.GetValue<string>()
            : null!;
        id = id is null ? NewBlankNode(null) : IriReference.IsBlankNode(id) ? NewBlankNode(id) : id;

        if (!graph.TryGetValue(id, out NodeMapNode? node))
        {
            graph[id] = node = new NodeMapNode(id);
        }

        if (reverse && activeSubject is not null && activeProperty is not null)
        {
            // Step 6.4: the referencing node is the object of this node's property.
            List<NodeValue> values = Values(node, activeProperty);
            if (node.Seen.Add((activeProperty, "@id " + activeSubject)))
            {
                values.Add(new NodeValue { Id = activeSubject });
            }
        }
        else if (activeProperty is not null)
        {
            var reference = new NodeValue { Id = id };
            if (list is not null)
            {
                list.Add(reference);
            }
            else if (subjectNode is not null)
            {
                List<NodeValue> values = Values(subjectNode, activeProperty);
                if (subjectNode.Seen.Add((activeProperty, "@id " + id)))
                {
                    values.Add(reference);
                }
            }
        }

        if (map.TryGetPropertyValue("@type", out JsonNode? types) && types is JsonArray typeArray)
        {
            foreach (JsonNode? type in typeArray)
            {
                string? value = type?.GetValueKind() == JsonValueKind.String ? type.GetValue<string>() : null;
                if (value is null)
                {
                    continue;
                }

                value = IriReference.IsBlankNode(value) ? NewBlankNode(value) : value;
                if (node.TypeSet.Add(value))
                {
                    node.Types.Add(value);
                }
            }
        }

        if (map.TryGetPropertyValue("@index", out JsonNode? index) && index is not null)
        {
            string value = index.GetValue<string>();
            if (node.Index is not null && node.Index != value)
            {
                throw new JsonLdException("conflicting indexes", $"The node {id} has two different @index values.");
            }

            node.Index = value;
        }

        if (map.TryGetPropertyValue("@reverse", out JsonNode? reverseMap) && reverseMap is JsonObject reverseObject)
        {
            foreach ((string property, JsonNode? values) in reverseObject)
            {
                Generate(values, activeGraph, id, reverse: true, activeProperty: property);
            }
        }

        if (map.TryGetPropertyValue("@graph", out JsonNode? named))
        {
            Generate(named, id);
        }

        if (map.TryGetPropertyValue("@included", out JsonNode? included))
        {
            Generate(included, activeGraph);
        }

        foreach ((string key, JsonNode? value) in map)
        {
            if (key is "@id" or "@type" or "@index" or "@reverse" or "@graph" or "@included")
            {
                continue;
            }

            string property = IriReference.IsBlankNode(key) ? NewBlankNode(key) : key;
            Values(node, property);
            Generate(value, activeGraph, id, reverse: false, activeProperty: property);
        }
    }

    // Two value objects are the same value when their members are (a value object holds only @value, @type, @language,
    // @direction and @index; the expander has checked that). Each member is written as its kind and length, then its
    // text (a string as it is, anything else as JSON), so the key is injective whatever the strings hold.
    private static string ValueKey(JsonObject value)
    {
        var key = new StringBuilder(64);
        Member(key, value, "@value");
        Member(key, value, "@type");
        Member(key, value, "@language");
        Member(key, value, "@direction");
        Member(key, value, "@index");
        return key.ToString();
    }

    private static void Member(StringBuilder key, JsonObject value, string name)
    {
        if (!value.TryGetPropertyValue(name, out JsonNode? member))
        {
            key.Append('-');
            return;
        }

        bool isString = member is JsonValue text && text.GetValueKind() == JsonValueKind.String;
        string written = isString ? member!.GetValue<string>() : member?.ToJsonString() ?? "null";
        key.Append(isString ? 's' : 'j').Append(written.Length).Append(':').Append(written);
    }

    private static List<NodeValue> Values(NodeMapNode node, string property)
    {
        if (!node.Properties.TryGetValue(property, out List<NodeValue>? values))
        {
            node.Properties[property] = values = [];
        }

        return values;
    }

    private string NewBlankNode(string? existing)
    {
        if (existing is not null && _blankNodes.TryGetValue(existing, out string? issued))
        {
            return issued;
        }

        issued = "_:b" + (_counter++).ToString(CultureInfo.InvariantCulture);
        if (existing is not null)
        {
            _blankNodes[existing] = issued;
        }

        return issued;
    }
}
