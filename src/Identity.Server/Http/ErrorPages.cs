using System.Collections.Frozen;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Identity.Primitives;
using Identity.Server.Configuration;
using Markdig;

namespace Identity.Server.Http;

/// <summary>
/// The error pages problem <c>type</c> URIs point to: <c>docs/errors/*.md</c>, embedded in the assembly (so a published
/// server has them), served at <c>/errors/{code}</c> as HTML, or as the markdown itself for <c>Accept: text/markdown</c>;
/// <c>/errors</c> is the index.
/// </summary>
internal static partial class ErrorPages
{
    public const string Path = "/errors";
    private const string ResourcePrefix = "errors/";
    private const string Index = "README";

    private static readonly MarkdownPipeline s_pipeline = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();
    private static readonly Lazy<FrozenDictionary<string, string>> s_pages = new(Load);

    /// <summary>The codes that have a page.</summary>
    public static IEnumerable<string> Codes => s_pages.Value.Keys.Where(k => k != Index);

    /// <summary>The path of a code's page, e.g. <c>/errors/notFound</c>.</summary>
    public static string PathOf(string code) => $"{Path}/{code}";

    /// <summary>Makes the <c>type</c> of <paramref name="problem"/> and of each problem in its <c>errors</c> absolute on the public origin.</summary>
    /// <remarks>Invariant: a problem's <c>type</c> always names the page of its own <c>code</c>, whatever a library put there.</remarks>
    public static JsonObject Link(JsonObject problem, HttpContext context)
    {
        var origin = context.RequestServices.GetRequiredService<PublicUrl>().Origin;
        SetType(problem, origin);
        if (problem["errors"] is JsonArray errors)
        {
            foreach (var item in errors.OfType<JsonObject>())
            {
                SetType(item, origin);
            }
        }

        return problem;
    }

    public static IEndpointRouteBuilder MapErrorPages(this IEndpointRouteBuilder app)
    {
        // The index of every code.
        app.MapGet(Path, (HttpRequest request) => Page(Index, "Error codes", request)).ExcludeFromDescription();

        // One code's page; an unknown code is a 404 problem like any other path.
        app.MapGet(Path + "/{code}", (string code, HttpRequest request) => code != Index && s_pages.Value.ContainsKey(code)
                ? Page(code, code, request)
                : Problems.For(new Error(ErrorCodes.NotFound, $"There is no error code '{code}'.")))
            .ExcludeFromDescription();
        return app;
    }

    private static IResult Page(string name, string title, HttpRequest request)
    {
        var markdown = s_pages.Value[name];
        if (request.Headers.Accept.ToString().Contains("text/markdown", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Text(markdown, "text/markdown; charset=utf-8");
        }

        var body = Markdown.ToHtml(MarkdownLink().Replace(markdown, $"]({Path}/$1)"), s_pipeline);
        var html = $$"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{WebUtility.HtmlEncode(title)}} · Identity errors</title>
            <style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
            table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.2rem .5rem}code{background:#f2f2f2}</style></head>
            <body><main>{{body}}</main>
            <nav><a href="{{Path}}">All error codes</a> · <a href="/docs">API reference</a></nav></body>
            </html>
            """;
        return Results.Text(html, "text/html; charset=utf-8");
    }

    private static void SetType(JsonObject problem, string origin)
    {
        if (problem["code"] is JsonValue code && code.GetValueKind() == JsonValueKind.String)
        {
            problem["type"] = origin + PathOf(code.GetValue<string>());
        }
    }

    private static FrozenDictionary<string, string> Load()
    {
        var assembly = typeof(ErrorPages).Assembly;
        var pages = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".md", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            pages[resource[ResourcePrefix.Length..^".md".Length]] = reader.ReadToEnd();
        }

        return pages.ToFrozenDictionary(StringComparer.Ordinal);
    }

    // Links between the pages ("[`notFound`](notFound.md)") become links to the served pages.
    [GeneratedRegex(@"\]\(([A-Za-z0-9]+)\.md\)")]
    private static partial Regex MarkdownLink();
}
