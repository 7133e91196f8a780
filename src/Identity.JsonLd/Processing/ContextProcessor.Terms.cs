// References:
//   JSON-LD 1.1 Processing Algorithms and API, §4.2 Create Term Definition, §5.2 IRI Expansion
//   — https://www.w3.org/TR/json-ld11-api/#create-term-definition

using System.Text.Json;
using System.Text.Json.Nodes;

namespace Identity.JsonLd.Processing;

internal sealed partial class ContextProcessor
{
    /// <summary>What Create Term Definition needs beyond the term: one local context being processed.</summary>
    internal sealed record TermScope(
        JsonObject Local, Dictionary<string, bool> Defined, string? BaseUrl, bool ProtectedDefault, bool OverrideProtected,
        List<string> RemoteContexts, bool ValidateScopedContext);

    private void CreateTermDefinition(ActiveContext active, TermScope scope, string term)
    {
        Dictionary<string, bool> defined = scope.Defined;

        // Steps 1-2.
        if (defined.TryGetValue(term, out bool done))
        {
            if (done)
            {
                return;
            }

            throw new JsonLdException("cyclic IRI mapping", $"The term {term} is defined in terms of itself.");
        }

        if (term.Length == 0)
        {
            throw new JsonLdException("invalid term definition", "A term must not be empty.");
        }

        defined[term] = false;
        Charge(TermDefinitionUnits);
        if (++_nesting > MaxNesting)
        {
            throw new JsonLdException("context overflow", $"Term definitions depend on one another more than {MaxNesting} levels deep.");
        }

        try
        {
            CreateTermDefinitionCore(active, scope, term);
        }
        finally
        {
            _nesting--;
        }
    }

    private void CreateTermDefinitionCore(ActiveContext active, TermScope scope, string term)
    {
        (JsonObject local, Dictionary<string, bool> defined, string? baseUrl, bool protectedDefault, bool overrideProtected,
            List<string> remoteContexts, bool _) = scope;
        JsonNode? value = local[term];

        // Step 4: @type may only be given @container @set and @protected.
        if (term == "@type")
        {
            if (value is not JsonObject typeMap || typeMap.Count == 0
                || typeMap.Any(p => p.Key is not ("@container" or "@protected"))
                || (typeMap.TryGetPropertyValue("@container", out JsonNode? c) && !(c?.GetValueKind() == JsonValueKind.String && c.GetValue<string>() == "@set")))
            {
                throw new JsonLdException("keyword redefinition", "@type may only be given \"@container\": \"@set\" and @protected.");
            }
        }
        else if (IriReference.IsKeyword(term))
        {
            throw new JsonLdException("keyword redefinition", $"The keyword {term} cannot be redefined.");
        }
        else if (IriReference.HasKeywordForm(term))
        {
            defined[term] = true;
            return;
        }

        // Step 6.
        active.Terms.Remove(term, out TermDefinition? previous);

        bool simpleTerm;
        JsonObject map;
        if (value is null)
        {
            map = new JsonObject { ["@id"] = null };
            simpleTerm = false;
        }
        else if (value.GetValueKind() == JsonValueKind.String)
        {
            map = new JsonObject { ["@id"] = value.GetValue<string>() };
            simpleTerm = true;
        }
        else if (value is JsonObject valueMap)
        {
            map = valueMap;
            simpleTerm = false;
        }
        else
        {
            throw new JsonLdException("invalid term definition", $"The definition of {term} must be null, a string or an object.");
        }

        var definition = new TermDefinition { Protected = protectedDefault };

        // Step 11.
        if (map.TryGetPropertyValue("@protected", out JsonNode? protectedNode))
        {
            if (protectedNode?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw new JsonLdException("invalid @protected value", "@protected must be true or false.");
            }

            definition.Protected = protectedNode.GetValue<bool>();
        }

        // Step 12.
        if (map.TryGetPropertyValue("@type", out JsonNode? typeNode))
        {
            if (typeNode?.GetValueKind() != JsonValueKind.String)
            {
                throw new JsonLdException("invalid type mapping", $"The @type of {term} must be a string.");
            }

            string? type = ExpandIri(active, typeNode.GetValue<string>(), vocab: true, scope: scope);
            if (type is not ("@id" or "@vocab" or "@json" or "@none") && !IriReference.IsAbsolute(type))
            {
                throw new JsonLdException("invalid type mapping", $"The @type of {term} must be @id, @vocab, @json, @none or an IRI.");
            }

            definition.Type = type;
        }

        // Step 13.
        if (map.TryGetPropertyValue("@reverse", out JsonNode? reverseNode))
        {
            if (map.ContainsKey("@id") || map.ContainsKey("@nest"))
            {
                throw new JsonLdException("invalid reverse property", $"{term}: @reverse cannot be used with @id or @nest.");
            }

            if (reverseNode?.GetValueKind() != JsonValueKind.String)
            {
                throw new JsonLdException("invalid IRI mapping", $"{term}: @reverse must be a string.");
            }

            string reverse = reverseNode.GetValue<string>();
            if (IriReference.HasKeywordForm(reverse))
            {
                defined[term] = true;
                return;
            }

            string? iri = ExpandIri(active, reverse, vocab: true, scope: scope);
            if (!IriReference.IsAbsolute(iri) && !IriReference.IsBlankNode(iri))
            {
                throw new JsonLdException("invalid IRI mapping", $"{term}: @reverse must expand to an IRI.");
            }

            definition.Iri = iri;
            if (map.TryGetPropertyValue("@container", out JsonNode? reverseContainer))
            {
                string? container = reverseContainer is null ? null
                    : reverseContainer.GetValueKind() == JsonValueKind.String ? reverseContainer.GetValue<string>() : "invalid";
                if (container is not (null or "@set" or "@index"))
                {
                    throw new JsonLdException("invalid reverse property", $"{term}: a reverse property's container must be @set or @index.");
                }

                definition.Container = container is null ? [] : [container];
            }

            definition.Reverse = true;
            ReadOtherEntries(active, term, map, definition, baseUrl, remoteContexts);
            Finish(active, term, definition, previous, overrideProtected, defined);
            return;
        }

        // Steps 14-18: the IRI mapping.
        int colon = term.IndexOf(':', 1);
        if (map.TryGetPropertyValue("@id", out JsonNode? idNode) && !(idNode?.GetValueKind() == JsonValueKind.String && idNode.GetValue<string>() == term))
        {
            if (idNode is null)
            {
                definition.Iri = null;
            }
            else
            {
                if (idNode.GetValueKind() != JsonValueKind.String)
                {
                    throw new JsonLdException("invalid IRI mapping", $"{term}: @id must be a string or null.");
                }

                string id = idNode.GetValue<string>();
                if (!IriReference.IsKeyword(id) && IriReference.HasKeywordForm(id))
                {
                    defined[term] = true;
                    return;
                }

                string? iri = ExpandIri(active, id, vocab: true, scope: scope);
                if (iri is null || (!IriReference.IsKeyword(iri) && !IriReference.IsAbsolute(iri) && !IriReference.IsBlankNode(iri)))
                {
                    throw new JsonLdException("invalid IRI mapping", $"{term}: @id must expand to an IRI, a blank node identifier or a keyword.");
                }

                if (iri == "@context")
                {
                    throw new JsonLdException("invalid keyword alias", $"{term}: @context cannot be aliased.");
                }

                definition.Iri = iri;

                // Step 14.2.4: a term that looks like a compact IRI or an IRI must expand to its own mapping.
                if ((colon > 0 && colon < term.Length - 1) || term.Contains('/', StringComparison.Ordinal))
                {
                    defined[term] = true;
                    string? own = ExpandIri(active, term, vocab: true, scope: scope);
                    if (own != iri)
                    {
                        throw new JsonLdException("invalid IRI mapping", $"The term {term} looks like an IRI but maps to a different one.");
                    }
                }

                // Step 14.2.5.
                if (!term.Contains(':', StringComparison.Ordinal) && !term.Contains('/', StringComparison.Ordinal) && simpleTerm
                    && (IriReference.IsBlankNode(iri) || (iri.Length > 0 && iri[^1] is ':' or '/' or '?' or '#' or '[' or ']' or '@')))
                {
                    definition.Prefix = true;
                }
            }
        }
        else if (colon > 0)
        {
            // Step 15: a compact IRI or an IRI.
            string prefix = term[..colon];
            if (local.ContainsKey(prefix))
            {
                CreateTermDefinition(active, scope, prefix);
            }

            TermDefinition? prefixDefinition = active.Term(prefix);
            definition.Iri = prefixDefinition?.Iri is not null ? prefixDefinition.Iri + term[(colon + 1)..] : term;
        }
        else if (term.Contains('/', StringComparison.Ordinal))
        {
            // Step 16: a relative IRI.
            string? iri = ExpandIri(active, term, vocab: true);
            if (!IriReference.IsAbsolute(iri))
            {
                throw new JsonLdException("invalid IRI mapping", $"The term {term} does not expand to an IRI.");
            }

            definition.Iri = iri;
        }
        else if (term == "@type")
        {
            definition.Iri = "@type";
        }
        else if (active.Vocab is not null)
        {
            definition.Iri = active.Vocab + term;
        }
        else
        {
            throw new JsonLdException("invalid IRI mapping", $"The term {term} has no IRI mapping and there is no @vocab.");
        }

        ReadContainer(term, map, definition);
        ReadOtherEntries(active, term, map, definition, baseUrl, remoteContexts);
        Finish(active, term, definition, previous, overrideProtected, defined);
    }

    private static void ReadContainer(string term, JsonObject map, TermDefinition definition)
    {
        if (!map.TryGetPropertyValue("@container", out JsonNode? containerNode))
        {
            return;
        }

        var values = new List<string>();
        IEnumerable<JsonNode?> items = containerNode is JsonArray array ? array : new JsonNode?[] { containerNode };
        foreach (JsonNode? item in items)
        {
            if (item?.GetValueKind() != JsonValueKind.String || !s_containerKeywords.Contains(item.GetValue<string>()))
            {
                throw new JsonLdException("invalid container mapping", $"{term}: invalid @container.");
            }

            values.Add(item.GetValue<string>());
        }

        bool valid = values.Count switch
        {
            0 => containerNode is JsonArray,
            1 => true,
            _ => values.Contains("@graph") && values.All(v => v is "@graph" or "@id" or "@index" or "@set") && !(values.Contains("@id") && values.Contains("@index"))
                || (values.Contains("@set") && values.All(v => v != "@list")),
        };
        if (!valid || values.Distinct().Count() != values.Count)
        {
            throw new JsonLdException("invalid container mapping", $"{term}: this combination of @container values is not allowed.");
        }

        definition.Container = [.. values];
        if (values.Contains("@type"))
        {
            definition.Type ??= "@id";
            if (definition.Type is not ("@id" or "@vocab"))
            {
                throw new JsonLdException("invalid type mapping", $"{term}: a @type container needs @type @id or @vocab.");
            }
        }
    }

    private void ReadOtherEntries(ActiveContext active, string term, JsonObject map, TermDefinition definition, string? baseUrl, List<string> remoteContexts)
    {
        // Step 20.
        if (map.TryGetPropertyValue("@index", out JsonNode? index))
        {
            if (!definition.HasContainer("@index") || index?.GetValueKind() != JsonValueKind.String
                || !IriReference.IsAbsolute(ExpandIri(active, index.GetValue<string>(), vocab: true))
                || IriReference.IsKeyword(index.GetValue<string>()))
            {
                throw new JsonLdException("invalid term definition", $"{term}: @index needs an @index container and must name a property.");
            }

            definition.Index = index.GetValue<string>();
        }

        // Step 21: validate the scoped context now; it is applied later where the term is used.
        if (map.TryGetPropertyValue("@context", out JsonNode? scoped))
        {
            if (scoped is null || !owner.IsValidatedScopedContext(scoped))
            {
                try
                {
                    Process(active, scoped, baseUrl, [.. remoteContexts], overrideProtected: true, validateScopedContext: false);
                }
                catch (JsonLdException e) when (e.Code != JsonLdException.WorkLimitCode)
                {
                    throw new JsonLdException("invalid scoped context", $"{term}: {e.Code}: {e.Message}");
                }

                if (scoped is not null)
                {
                    owner.MarkValidatedScopedContext(scoped);
                }
            }

            definition.Context = scoped;
            definition.HasContext = true;
            definition.BaseUrl = baseUrl;
        }

        // Steps 22-23.
        if (map.TryGetPropertyValue("@language", out JsonNode? language) && !map.ContainsKey("@type"))
        {
            if (language is not null && language.GetValueKind() != JsonValueKind.String)
            {
                throw new JsonLdException("invalid language mapping", $"{term}: @language must be a string or null.");
            }

            definition.Language = language?.GetValue<string>().ToLowerInvariant();
            definition.HasLanguage = true;
        }

        if (map.TryGetPropertyValue("@direction", out JsonNode? direction) && !map.ContainsKey("@type"))
        {
            string? value = direction?.GetValueKind() == JsonValueKind.String ? direction.GetValue<string>() : null;
            if (direction is not null && value is not ("ltr" or "rtl"))
            {
                throw new JsonLdException("invalid base direction", $"{term}: @direction must be \"ltr\", \"rtl\" or null.");
            }

            definition.Direction = value;
            definition.HasDirection = true;
        }

        // Step 24.
        if (map.TryGetPropertyValue("@nest", out JsonNode? nest))
        {
            string? value = nest?.GetValueKind() == JsonValueKind.String ? nest.GetValue<string>() : null;
            if (value is null || (IriReference.IsKeyword(value) && value != "@nest"))
            {
                throw new JsonLdException("invalid @nest value", $"{term}: @nest must be a term or @nest.");
            }

            definition.Nest = value;
        }

        // Step 25.
        if (map.TryGetPropertyValue("@prefix", out JsonNode? prefix))
        {
            if (term.Contains(':', StringComparison.Ordinal) || term.Contains('/', StringComparison.Ordinal))
            {
                throw new JsonLdException("invalid term definition", $"{term}: @prefix is not allowed on a compact IRI or IRI term.");
            }

            if (prefix?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw new JsonLdException("invalid @prefix value", $"{term}: @prefix must be true or false.");
            }

            definition.Prefix = prefix.GetValue<bool>();
            if (definition.Prefix && IriReference.IsKeyword(definition.Iri))
            {
                throw new JsonLdException("invalid term definition", $"{term}: a keyword alias cannot be a prefix.");
            }
        }

        // Step 26.
        foreach ((string key, JsonNode? _) in map)
        {
            if (!s_definitionKeys.Contains(key))
            {
                throw new JsonLdException("invalid term definition", $"{term}: unexpected entry {key}.");
            }
        }
    }

    private static void Finish(ActiveContext active, string term, TermDefinition definition, TermDefinition? previous, bool overrideProtected, Dictionary<string, bool> defined)
    {
        // Step 27: a protected term may be redefined only identically.
        if (!overrideProtected && previous is { Protected: true })
        {
            if (!definition.SameAs(previous))
            {
                throw new JsonLdException("protected term redefinition", $"The protected term {term} cannot be redefined.");
            }

            definition = previous;
        }

        active.Terms[term] = definition;
        defined[term] = true;
    }

    /// <summary>IRI Expansion (§5.2.2).</summary>
    public string? ExpandIri(
        ActiveContext active,
        string? value,
        bool documentRelative = false,
        bool vocab = false,
        TermScope? scope = null)
    {
        if (value is null || IriReference.IsKeyword(value))
        {
            return value;
        }

        if (IriReference.HasKeywordForm(value))
        {
            return null;
        }

        if (scope is not null && scope.Local.ContainsKey(value) && !(scope.Defined.TryGetValue(value, out bool isDefined) && isDefined))
        {
            CreateTermDefinition(active, scope, value);
        }

        TermDefinition? term = active.Term(value);
        if (term is not null && IriReference.IsKeyword(term.Iri))
        {
            return term.Iri;
        }

        if (vocab && term is not null)
        {
            return term.Iri;
        }

        int colon = value.IndexOf(':', 1 < value.Length ? 1 : 0);
        if (colon > 0)
        {
            string prefix = value[..colon];
            string suffix = value[(colon + 1)..];
            if (prefix == "_" || suffix.StartsWith("//", StringComparison.Ordinal))
            {
                return value;
            }

            if (scope is not null && scope.Local.ContainsKey(prefix) && !(scope.Defined.TryGetValue(prefix, out bool prefixDefined) && prefixDefined))
            {
                CreateTermDefinition(active, scope, prefix);
            }

            TermDefinition? prefixTerm = active.Term(prefix);
            if (prefixTerm is { Iri: not null, Prefix: true })
            {
                return prefixTerm.Iri + suffix;
            }

            if (IriReference.IsAbsolute(value))
            {
                return value;
            }
        }

        if (vocab && active.Vocab is not null)
        {
            return active.Vocab + value;
        }

        return documentRelative ? IriReference.Resolve(active.BaseIri, value) : value;
    }
}
