// References:
//   JSON-LD 1.1 Processing Algorithms and API, W3C Recommendation 16 July 2020, §4.1 Context Processing Algorithm
//   — https://www.w3.org/TR/json-ld11-api/#context-processing-algorithm

using System.Text.Json;
using System.Text.Json.Nodes;

namespace Identity.JsonLd.Processing;

/// <summary>The Context Processing algorithm (§4.1.2) and Create Term Definition (§4.2.2), over one call's options and
/// the processor's shared caches.</summary>
/// <remarks>
/// One instance serves one expansion. It charges the call's <see cref="JsonLdOptions.Budget"/> for every context it
/// processes (in proportion to the terms it copies) and every term it defines, and it remembers, for this expansion, the
/// result of applying each distinct embedded context to each active context: a scoped context used thousands of times
/// is processed once. Nested term definitions and scoped contexts are bounded by <see cref="MaxNesting"/>.
/// </remarks>
internal sealed partial class ContextProcessor(JsonLdProcessor owner, JsonLdOptions options)
{
    /// <summary>The deepest chain of term definitions that need one another (a term whose IRI uses a prefix defined in
    /// the same context, whose IRI uses another…) plus scoped contexts inside scoped contexts. Each level costs a few
    /// stack frames (several KiB in a Debug build), so the bound keeps the deepest chain far inside a thread's stack;
    /// real contexts nest a handful of levels.</summary>
    internal const int MaxNesting = 32;

    private const int MaxRunCachedContexts = 4096;

    // A term definition allocates a definition and usually a JSON object and expands one or two IRIs: several
    // microseconds and a few hundred bytes, so it is charged as much as tens of simpler steps.
    private const int TermDefinitionUnits = 40;

    private readonly Dictionary<(ActiveContext, JsonNode, int, string?), ActiveContext> _runContexts = [];
    private int _nesting;
    private static readonly HashSet<string> s_containerKeywords = new(StringComparer.Ordinal)
    {
        "@graph", "@id", "@index", "@language", "@list", "@set", "@type",
    };

    private static readonly HashSet<string> s_definitionKeys = new(StringComparer.Ordinal)
    {
        "@id", "@reverse", "@container", "@context", "@direction", "@index", "@language", "@nest", "@prefix", "@protected", "@type",
    };

    public JsonLdOptions Options => options;

    /// <summary>Charges the call's work budget; throws the work-limit error once it is spent.</summary>
    public void Charge(long units)
    {
        if (options.Budget is { } budget && !budget.TryCharge(units))
        {
            throw JsonLdException.WorkLimit();
        }
    }

    public ActiveContext Process(
        ActiveContext active,
        JsonNode? local,
        string? baseUrl,
        List<string>? remoteContexts = null,
        bool overrideProtected = false,
        bool propagate = true,
        bool validateScopedContext = true)
    {
        Charge(1);
        bool noRemote = remoteContexts is not { Count: > 0 };
        int flags = (overrideProtected ? 1 : 0) | (propagate ? 2 : 0) | (validateScopedContext ? 4 : 0) | (noRemote ? 8 : 0);
        var cacheKey = owner.LocalContextKey(active, local, flags, baseUrl);
        if (cacheKey is { } lookup && owner.TryGetCachedLocalContext(lookup, out ActiveContext? cachedResult))
        {
            return cachedResult;
        }

        // Within one expansion, the same context node applied to the same active context gives the same result (when no
        // remote context is being loaded, whose chain would matter for cycle detection).
        (ActiveContext, JsonNode, int, string?)? runKey = local is not null && noRemote ? (active, local, flags, baseUrl) : null;
        if (runKey is { } runLookup && _runContexts.TryGetValue(runLookup, out ActiveContext? processedInRun))
        {
            return processedInRun;
        }

        if (++_nesting > MaxNesting)
        {
            throw new JsonLdException("context overflow", $"Contexts and term definitions nest deeper than {MaxNesting} levels.");
        }

        ActiveContext result;
        try
        {
            result = ProcessUncached(active, local, baseUrl, remoteContexts ?? [], overrideProtected, propagate, validateScopedContext);
        }
        finally
        {
            _nesting--;
        }

        if (cacheKey is { } store)
        {
            owner.CacheLocalContext(store, result);
        }

        if (runKey is { } runStore && _runContexts.Count < MaxRunCachedContexts)
        {
            _runContexts[runStore] = result;
        }

        return result;
    }

    private ActiveContext ProcessUncached(
        ActiveContext active, JsonNode? local, string? baseUrl, List<string> remoteContexts, bool overrideProtected, bool propagate, bool validateScopedContext)
    {
        // Copying the active context costs time and memory in proportion to its terms (a unit per term copied).
        Charge(1 + active.Terms.Count);
        ActiveContext result = active.Clone();

        // Step 2.
        if (local is JsonObject localObject && localObject.TryGetPropertyValue("@propagate", out JsonNode? propagateNode))
        {
            if (propagateNode?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw new JsonLdException("invalid @propagate value", "@propagate must be true or false.");
            }

            propagate = propagateNode.GetValue<bool>();
        }

        // Step 3.
        if (!propagate && result.PreviousContext is null)
        {
            result.PreviousContext = active;
        }

        IEnumerable<JsonNode?> contexts = local is JsonArray array ? array : new JsonNode?[] { local };
        foreach (JsonNode? context in contexts)
        {
            if (context is null)
            {
                // Step 5.1.
                if (!overrideProtected && result.Terms.Values.Any(t => t.Protected))
                {
                    throw new JsonLdException("invalid context nullification", "A context with protected terms cannot be reset with null.");
                }

                ActiveContext previous = result;
                result = new ActiveContext(active.OriginalBaseUrl);
                if (!propagate)
                {
                    result.PreviousContext = previous;
                }

                continue;
            }

            if (context.GetValueKind() == JsonValueKind.String)
            {
                result = ProcessRemote(result, context.GetValue<string>(), baseUrl, remoteContexts, validateScopedContext);
                continue;
            }

            if (context is not JsonObject map)
            {
                throw new JsonLdException("invalid local context", "A context must be null, an IRI string or an object.");
            }

            // A deliberate leniency, shared with jsonld.js (which every Digital Bazaar peer and the W3C suites use): an
            // item of a @context array whose only member is "@context" holding an object is read as that object. JSON-LD
            // 1.1 calls it a keyword redefinition, and so do we for the same object as the whole @context (json-ld-api
            // #ter56), where jsonld.js unwraps too; nothing else is unwrapped (docs/conformance.md).
            if (local is JsonArray && map.Count == 1 && map["@context"] is JsonObject wrapped)
            {
                map = wrapped;
            }

            ProcessMap(result, map, baseUrl, remoteContexts, overrideProtected, validateScopedContext);
        }

        return result;
    }

    private ActiveContext ProcessRemote(ActiveContext result, string reference, string? baseUrl, List<string> remoteContexts, bool validateScopedContext)
    {
        // Step 5.2.1.
        string url = IriReference.Resolve(baseUrl, reference);
        if (!validateScopedContext && remoteContexts.Contains(url))
        {
            return result;
        }

        if (remoteContexts.Count >= options.MaxRemoteContexts)
        {
            throw new JsonLdException("context overflow", $"More than {options.MaxRemoteContexts} remote contexts.");
        }

        remoteContexts.Add(url);

        // The processed result of applying a remote context to a cached context is itself cached.
        if (owner.TryGetCachedContext(result, url, out ActiveContext? cached))
        {
            return cached;
        }

        JsonNode remote = LoadContextDocument(url);
        ActiveContext processed = Process(result, remote, url, [.. remoteContexts], validateScopedContext: validateScopedContext);
        owner.CacheContext(result, url, processed);
        return processed;
    }

    private JsonNode LoadContextDocument(string url)
    {
        JsonNode? document = owner.LoadDocument(url);
        if (document is not JsonObject map || !map.TryGetPropertyValue("@context", out JsonNode? context))
        {
            throw new JsonLdException("invalid remote context", $"The document at {url} has no @context.");
        }

        return context!;
    }

    private void ProcessMap(ActiveContext result, JsonObject context, string? baseUrl, List<string> remoteContexts, bool overrideProtected, bool validateScopedContext)
    {
        // Step 5.5: @version.
        if (context.TryGetPropertyValue("@version", out JsonNode? version)
            && !(version?.GetValueKind() == JsonValueKind.Number && version.GetValue<double>() == 1.1))
        {
            throw new JsonLdException("invalid @version value", "@version must be the number 1.1.");
        }

        // Step 5.6: @import.
        if (context.TryGetPropertyValue("@import", out JsonNode? import))
        {
            if (import?.GetValueKind() != JsonValueKind.String)
            {
                throw new JsonLdException("invalid @import value", "@import must be a string.");
            }

            string url = IriReference.Resolve(baseUrl, import.GetValue<string>());
            JsonNode? imported = LoadContextDocument(url);
            if (imported is not JsonObject importedMap)
            {
                throw new JsonLdException("invalid remote context", $"The imported context {url} is not an object.");
            }

            if (importedMap.ContainsKey("@import"))
            {
                throw new JsonLdException("invalid context entry", "An imported context must not itself use @import.");
            }

            var merged = new JsonObject();
            foreach ((string key, JsonNode? value) in importedMap)
            {
                merged[key] = value?.DeepClone();
            }

            foreach ((string key, JsonNode? value) in context)
            {
                merged[key] = value?.DeepClone();
            }

            merged.Remove("@import");
            context = merged;
        }

        // Step 5.7: @base, only for contexts embedded in the document.
        if (context.TryGetPropertyValue("@base", out JsonNode? baseNode) && remoteContexts.Count == 0)
        {
            if (baseNode is null)
            {
                result.BaseIri = null;
            }
            else if (baseNode.GetValueKind() == JsonValueKind.String)
            {
                string value = baseNode.GetValue<string>();
                if (IriReference.IsAbsolute(value))
                {
                    result.BaseIri = value;
                }
                else if (result.BaseIri is not null)
                {
                    result.BaseIri = IriReference.Resolve(result.BaseIri, value);
                }
                else
                {
                    throw new JsonLdException("invalid base IRI", "A relative @base needs a base IRI to resolve against.");
                }
            }
            else
            {
                throw new JsonLdException("invalid base IRI", "@base must be a string or null.");
            }
        }

        // Step 5.8: @vocab.
        if (context.TryGetPropertyValue("@vocab", out JsonNode? vocab))
        {
            if (vocab is null)
            {
                result.Vocab = null;
            }
            else if (vocab.GetValueKind() == JsonValueKind.String)
            {
                string? expanded = ExpandIri(result, vocab.GetValue<string>(), documentRelative: true, vocab: true);
                if (expanded is null || (!IriReference.IsAbsolute(expanded) && !IriReference.IsBlankNode(expanded)))
                {
                    throw new JsonLdException("invalid vocab mapping", "@vocab must expand to an IRI or a blank node identifier.");
                }

                result.Vocab = expanded;
            }
            else
            {
                throw new JsonLdException("invalid vocab mapping", "@vocab must be a string or null.");
            }
        }

        // Step 5.9: @language.
        if (context.TryGetPropertyValue("@language", out JsonNode? language))
        {
            result.DefaultLanguage = language switch
            {
                null => null,
                _ when language.GetValueKind() == JsonValueKind.String => language.GetValue<string>().ToLowerInvariant(),
                _ => throw new JsonLdException("invalid default language", "@language must be a string or null."),
            };
        }

        // Step 5.10: @direction.
        if (context.TryGetPropertyValue("@direction", out JsonNode? direction))
        {
            result.DefaultDirection = direction switch
            {
                null => null,
                _ when direction.GetValueKind() == JsonValueKind.String && direction.GetValue<string>() is "ltr" or "rtl" => direction.GetValue<string>(),
                _ => throw new JsonLdException("invalid base direction", "@direction must be \"ltr\", \"rtl\" or null."),
            };
        }

        bool protectedDefault = false;
        if (context.TryGetPropertyValue("@protected", out JsonNode? protectedNode))
        {
            if (protectedNode?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw new JsonLdException("invalid @protected value", "@protected must be true or false.");
            }

            protectedDefault = protectedNode.GetValue<bool>();
        }

        // Step 5.13.
        var scope = new TermScope(
            context, new Dictionary<string, bool>(StringComparer.Ordinal), baseUrl, protectedDefault, overrideProtected, remoteContexts, validateScopedContext);
        foreach ((string key, JsonNode? _) in context)
        {
            if (key is "@base" or "@direction" or "@import" or "@language" or "@propagate" or "@protected" or "@version" or "@vocab")
            {
                continue;
            }

            CreateTermDefinition(result, scope, key);
        }
    }

    /// <summary>
    /// Expansion step 7 for a node object outside a map container: when the active context does not propagate, the
    /// previous context is back in force, unless <paramref name="map"/> is a value object or holds only an <c>@id</c>.
    /// </summary>
    public ActiveContext ForNodeObject(ActiveContext active, JsonObject map)
    {
        if (active.PreviousContext is null)
        {
            return active;
        }

        bool onlyId = map.Count == 1;
        for (int i = 0; i < map.Count; i++)
        {
            string? expanded = ExpandIri(active, map.GetAt(i).Key, vocab: true);
            if (expanded == "@value" || (onlyId && expanded == "@id"))
            {
                return active;
            }
        }

        return active.PreviousContext;
    }
}
