// References:
//   JSON-LD 1.1 Processing Algorithms and API, W3C Recommendation 16 July 2020, §9.1 JsonLdProcessor (expand, toRdf)
//   — https://www.w3.org/TR/json-ld11-api/#the-jsonldprocessor-interface

using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Identity.JsonLd.Processing;
using Identity.JsonLd.Rdf;
using Identity.Primitives;

namespace Identity.JsonLd;

/// <summary>JSON-LD 1.1 expansion and deserialization to RDF (<c>toRdf</c>), with contexts from an offline loader.</summary>
/// <remarks>
/// <para>Failures are values: <see cref="ErrorCodes.InvalidJsonLd"/> whose detail starts with the JSON-LD 1.1 error code
/// (<c>protected term redefinition: …</c>). Only JSON-LD 1.1 processing mode is implemented.</para>
/// <para>Remote contexts are loaded once per URL, and the active context that results from applying a remote context to
/// a cached active context is cached too (bounded), so a document using the usual credential contexts costs no context
/// processing after the first call.</para>
/// <threadsafety>Safe from any thread: the caches are concurrent and the processed contexts they hold are never changed.</threadsafety>
/// </remarks>
public sealed class JsonLdProcessor
{
    private const int MaxCachedContexts = 1024;
    private const int MaxInlineContextLength = 4096;

    private static readonly object s_nullContext = new();

    private readonly IJsonLdDocumentLoader _loader;
    private readonly ConcurrentDictionary<string, JsonNode> _documents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(ActiveContext, string), ActiveContext> _contexts = new();
    private readonly ConcurrentDictionary<string, ActiveContext> _initialContexts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ActiveContext, bool> _cacheable = new();
    private readonly ConcurrentDictionary<(ActiveContext, object, int, string?), ActiveContext> _localContexts = new();
    private readonly ConcurrentDictionary<JsonNode, bool> _documentRoots = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<JsonNode, bool> _validatedScopedContexts = new(ReferenceEqualityComparer.Instance);

    /// <summary>A processor loading remote contexts through <paramref name="loader"/>.</summary>
    public JsonLdProcessor(IJsonLdDocumentLoader loader)
    {
        ArgumentNullException.ThrowIfNull(loader);
        _loader = loader;
    }

    /// <summary>Expands <paramref name="document"/> (§9.1 <c>expand()</c>); the input is not modified.</summary>
    /// <returns>The expanded document (always an array), or <see cref="ErrorCodes.InvalidJsonLd"/>.</returns>
    public Result<JsonArray> Expand(JsonNode? document, JsonLdOptions? options = null)
    {
        options ??= JsonLdOptions.Default;
        try
        {
            return ExpandCore(document, options);
        }
        catch (JsonLdException e)
        {
            return Failure(e, options);
        }
    }

    /// <summary>Deserializes <paramref name="document"/> to an RDF dataset (§9.1 <c>toRdf()</c>).</summary>
    /// <returns>The quads (blank nodes labelled <c>b0</c>, <c>b1</c>, …), or <see cref="ErrorCodes.InvalidJsonLd"/>.</returns>
    public Result<IReadOnlyList<RdfQuad>> ToRdf(JsonNode? document, JsonLdOptions? options = null)
    {
        options ??= JsonLdOptions.Default;
        try
        {
            JsonArray expanded = ExpandCore(document, options);
            var nodeMap = new NodeMapBuilder(options.Budget);
            nodeMap.Generate(expanded);
            IReadOnlyList<RdfQuad> quads = new RdfSerializer(options).Serialize(nodeMap.Graphs);

            return Result<IReadOnlyList<RdfQuad>>.Success(quads);
        }
        catch (JsonLdException e)
        {
            return Failure(e, options);
        }
    }

    /// <summary><c>toRdf</c> followed by RDFC-1.0: the canonical N-Quads of <paramref name="document"/>.</summary>
    /// <remarks>RDFC-1.0 is charged to <see cref="JsonLdOptions.Budget"/> too, unless <paramref name="canonicalization"/>
    /// names a budget of its own.</remarks>
    public Result<CanonicalDataset> Canonicalize(JsonNode? document, JsonLdOptions? options = null, Rdfc10Options? canonicalization = null)
    {
        Result<IReadOnlyList<RdfQuad>> quads = ToRdf(document, options);
        if (!quads.IsSuccess)
        {
            return quads.Error!;
        }

        canonicalization ??= Rdfc10Options.Default;
        if (canonicalization.Budget is null && options?.Budget is { } budget)
        {
            canonicalization = canonicalization with { Budget = budget };
        }

        return Rdfc10.Canonicalize(quads.Value, canonicalization);
    }

    private static Error Failure(JsonLdException e, JsonLdOptions options) =>
        e.Code == JsonLdException.WorkLimitCode && options.Budget is { } budget
            ? budget.Exceeded("JSON-LD processing")
            : new Error(e.ErrorCode, $"{e.Code}: {e.Message}");

    /// <summary>As <see cref="Expand"/>, with the failure typed (an unavailable context is not an invalid document).</summary>
    /// <returns>True and the expanded document; or false and the failure.</returns>
    public bool TryExpand(JsonNode? document, JsonLdOptions? options, [NotNullWhen(true)] out JsonArray? expanded, [NotNullWhen(false)] out JsonLdFailure? failure)
    {
        options ??= JsonLdOptions.Default;
        try
        {
            expanded = ExpandCore(document, options);
            failure = null;
            return true;
        }
        catch (JsonLdException e)
        {
            expanded = null;
            failure = new JsonLdFailure(e.Kind, Failure(e, options));
            return false;
        }
    }

    /// <summary>As <see cref="Canonicalize"/>, with the failure typed: running out of the work budget (or RDFC-1.0's own
    /// work limit) is <see cref="JsonLdFailureKind.WorkLimitExceeded"/>.</summary>
    /// <returns>True and the canonical dataset; or false and the failure.</returns>
    public bool TryCanonicalize(
        JsonNode? document, JsonLdOptions? options, [NotNullWhen(true)] out CanonicalDataset? canonical, [NotNullWhen(false)] out JsonLdFailure? failure)
    {
        options ??= JsonLdOptions.Default;
        canonical = null;
        if (!TryExpand(document, options, out JsonArray? expanded, out failure))
        {
            return false;
        }

        IReadOnlyList<RdfQuad> quads;
        try
        {
            var nodeMap = new NodeMapBuilder(options.Budget);
            nodeMap.Generate(expanded);
            quads = new RdfSerializer(options).Serialize(nodeMap.Graphs);
        }
        catch (JsonLdException e)
        {
            failure = new JsonLdFailure(e.Kind, Failure(e, options));
            return false;
        }

        // RDFC-1.0 fails only when it exceeds its work limit or the budget.
        Result<CanonicalDataset> result = Rdfc10.Canonicalize(quads, Rdfc10Options.Default with { Budget = options.Budget });
        if (!result.IsSuccess)
        {
            failure = new JsonLdFailure(JsonLdFailureKind.WorkLimitExceeded, result.Error!);
            return false;
        }

        canonical = result.Value;
        return true;
    }

    /// <summary>
    /// The verdict of <see cref="TryExpand"/> without its output: true when <paramref name="document"/> expands under
    /// <paramref name="options"/>, otherwise false and the same failure <see cref="TryExpand"/> gives.
    /// </summary>
    /// <remarks>When the document keeps to a subset of JSON-LD in which expansion cannot fail (every key a defined
    /// term, compact or absolute IRI, or an alias of <c>@id</c> or <c>@type</c>; see <c>Processing/ExpansionCheck.cs</c>),
    /// the verdict is reached by walking it with the same (cached) active contexts, building nothing; anything else is
    /// expanded in full. <see cref="JsonLdOptions.RequireCompactedForm"/> and <see cref="JsonLdOptions.ExpandContext"/>
    /// always expand in full.</remarks>
    public bool TryValidate(JsonNode? document, JsonLdOptions? options, [NotNullWhen(false)] out JsonLdFailure? failure)
    {
        options ??= JsonLdOptions.Default;
        failure = null;
        return ExpandsWithoutOutput(document, options) || TryExpand(document, options, out _, out failure);
    }

    /// <summary>True when the expansion check proves that <paramref name="document"/> expands; false when it cannot tell.</summary>
    /// <remarks>The check runs on a budget of what the caller's has left, charged to the caller's only when it decides,
    /// so a document it cannot decide is not charged twice.</remarks>
    internal bool ExpandsWithoutOutput(JsonNode? document, JsonLdOptions options)
    {
        if (options.RequireCompactedForm || options.ExpandContext is not null || options.Budget is { IsExhausted: true })
        {
            return false;
        }

        WorkBudget? own = options.Budget is { } budget ? new WorkBudget(Math.Max(1, budget.Limit - budget.Used)) : null;
        JsonLdOptions checkOptions = own is null ? options : options with { Budget = own };
        try
        {
            var contexts = new ContextProcessor(this, checkOptions);
            return new ExpansionCheck(contexts).Check(InitialContext(options.Base), null, document, options.Base)
                && (own is null || options.Budget!.TryCharge(own.Used));
        }
        catch (JsonLdException)
        {
            return false;
        }
    }

    private ActiveContext InitialContext(string? baseIri)
    {
        if (!_initialContexts.TryGetValue(baseIri ?? string.Empty, out ActiveContext? active))
        {
            active = new ActiveContext(baseIri);
            if (_initialContexts.Count < MaxCachedContexts)
            {
                active = _initialContexts.GetOrAdd(baseIri ?? string.Empty, active);
                _cacheable.TryAdd(active, true);
            }
        }

        return active;
    }

    private JsonArray ExpandCore(JsonNode? document, JsonLdOptions options)
    {
        var contexts = new ContextProcessor(this, options);
        string? baseIri = options.Base;
        ActiveContext active = InitialContext(baseIri);
        if (options.ExpandContext is not null)
        {
            JsonNode? context = options.ExpandContext is JsonObject map && map.TryGetPropertyValue("@context", out JsonNode? inner) ? inner : options.ExpandContext;
            active = contexts.Process(active, context, baseIri);
        }

        JsonNode? expanded = new Expander(contexts).Expand(active, null, document, baseIri);
        if (expanded is JsonObject only && only.Count == 1 && only.TryGetPropertyValue("@graph", out JsonNode? graph))
        {
            only.Remove("@graph");
            expanded = graph;
        }

        JsonArray result = expanded switch
        {
            null => [],
            JsonArray array => array,
            _ => new JsonArray(expanded),
        };
        if (options.RequireCompactedForm)
        {
            CompactedFormRules.CheckNodeMerging(result);
        }

        return result;
    }

    internal JsonNode LoadDocument(string url)
    {
        if (_documents.TryGetValue(url, out JsonNode? cached))
        {
            return cached;
        }

        Result<JsonNode> loaded = _loader.LoadDocument(url);
        if (!loaded.IsSuccess)
        {
            throw new JsonLdException("loading remote context failed", $"{url}: {loaded.Error!.Detail}", kind: JsonLdFailureKind.ContextUnavailable);
        }

        if (_documents.Count < MaxCachedContexts)
        {
            // JsonNode materializes children lazily; do it once before the node is shared between threads.
            Materialize(loaded.Value);
            if (_documents.TryAdd(url, loaded.Value))
            {
                _documentRoots.TryAdd(loaded.Value, true);
            }
        }

        return loaded.Value;
    }

    internal bool TryGetCachedContext(ActiveContext active, string url, [NotNullWhen(true)] out ActiveContext? processed) =>
        _contexts.TryGetValue((active, url), out processed);

    /// <summary>
    /// The cache key for applying an embedded (not remote) context to <paramref name="active"/>, or null when it is not
    /// worth caching: the active context must itself come from the cache, and the local context must be part of a
    /// cached remote document (keyed by reference) or small (keyed by its JSON text, e.g. a credential's inline context).
    /// </summary>
    /// <remarks>A null context (a term's <c>"@context": null</c>, e.g. VC 2.0's <c>verifiableCredential</c>) is keyed by
    /// a sentinel: its result depends on the active context and the flags alone, and without it everything below such a
    /// term (each embedded credential's contexts) would be processed again on every call.</remarks>
    internal (ActiveContext, object, int, string?)? LocalContextKey(ActiveContext active, JsonNode? local, int flags, string? baseUrl)
    {
        if (!_cacheable.ContainsKey(active))
        {
            return null;
        }

        if (local is null)
        {
            return (active, s_nullContext, flags, baseUrl);
        }

        if (_documentRoots.ContainsKey(local.Root))
        {
            return (active, local, flags, baseUrl);
        }

        string text = local.ToJsonString();
        return text.Length <= MaxInlineContextLength ? (active, text, flags, baseUrl) : null;
    }

    internal bool TryGetCachedLocalContext((ActiveContext, object, int, string?) key, [NotNullWhen(true)] out ActiveContext? processed) =>
        _localContexts.TryGetValue(key, out processed);

    internal void CacheLocalContext((ActiveContext, object, int, string?) key, ActiveContext processed)
    {
        if (_localContexts.Count >= MaxCachedContexts)
        {
            _localContexts.Clear();
        }

        _localContexts.TryAdd(key, processed);
        _cacheable.TryAdd(processed, true);
    }

    /// <summary>
    /// True when a scoped context that belongs to a cached remote document has already been validated (Create Term
    /// Definition step 21). Its errors would also surface when it is applied, so validating it once is enough.
    /// </summary>
    internal bool IsValidatedScopedContext(JsonNode scoped) => _validatedScopedContexts.ContainsKey(scoped);

    internal void MarkValidatedScopedContext(JsonNode scoped)
    {
        if (_documentRoots.ContainsKey(scoped.Root) && _validatedScopedContexts.Count < MaxCachedContexts)
        {
            _validatedScopedContexts.TryAdd(scoped, true);
        }
    }

    // Only chains that start from an initial context are cached: a context embedded in one document is not worth keeping.
    internal void CacheContext(ActiveContext active, string url, ActiveContext processed)
    {
        if (!_cacheable.ContainsKey(active))
        {
            return;
        }

        if (_contexts.Count >= MaxCachedContexts)
        {
            _contexts.Clear();
            _localContexts.Clear();
            _cacheable.Clear();
            foreach (ActiveContext initial in _initialContexts.Values)
            {
                _cacheable.TryAdd(initial, true);
            }
        }

        _contexts.TryAdd((active, url), processed);
        _cacheable.TryAdd(processed, true);
    }

    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject map:
                foreach ((string _, JsonNode? child) in map)
                {
                    Materialize(child);
                }

                break;
            case JsonArray array:
                foreach (JsonNode? child in array)
                {
                    Materialize(child);
                }

                break;
            default:
                break;
        }
    }
}
