using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using Identity.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// Walks <c>/openapi/v1.json</c> against the endpoints the service really maps, so an endpoint added without its
/// contract metadata (a typed body, its problem responses, its bearer key) fails here.
/// </summary>
[TestClass]
public sealed class OpenApiDocumentTests
{
    [TestMethod]
    public async Task Document_DescribesEveryMappedEndpoint_AndEveryBodyItReads()
    {
        await using var factory = new IdentityServerFactory();
        var spec = await OpenApiSpec.LoadAsync(factory.CreateClient());

        var endpoints = MappedEndpoints(factory).ToList();
        Assert.IsTrue(endpoints.Count >= 20, $"only {endpoints.Count} endpoints found");
        foreach (var (method, path, endpoint) in endpoints)
        {
            var operation = spec.Operation(method, path);
            var handler = endpoint.Metadata.GetMetadata<MethodInfo>()!;
            if (handler.GetParameters().Any(p => p.ParameterType == typeof(JsonBody)))
            {
                Assert.IsNotNull(operation["requestBody"], $"{method} {path} reads a JSON body but the document does not describe it (add .Accepts<T>).");
            }
        }

        Assert.AreEqual(endpoints.Count, spec.Operations().Count(), "the document has operations the service does not map");
    }

    [TestMethod]
    public async Task Document_EveryRequestAndResponseBody_HasAConcreteSchema()
    {
        await using var factory = new IdentityServerFactory();
        var spec = await OpenApiSpec.LoadAsync(factory.CreateClient());

        foreach (var (method, path, operation) in spec.Operations())
        {
            var bodies = (operation["requestBody"]?["content"]?.AsObject() ?? []).Select(c => ($"{method} {path} request {c.Key}", c.Value))
                .Concat(operation["responses"]!.AsObject().SelectMany(r => (r.Value!["content"]?.AsObject() ?? []).Select(c => ($"{method} {path} {r.Key} {c.Key}", c.Value))));
            foreach (var (at, media) in bodies)
            {
                Assert.IsNotNull(media!["schema"], $"{at} has no schema");
                Assert.IsNull(spec.WhyNotConcrete(media["schema"]!.AsObject(), at), spec.WhyNotConcrete(media["schema"]!.AsObject(), at));
            }

            var success = operation["responses"]!.AsObject().Where(r => r.Key.StartsWith('2')).ToList();
            Assert.IsNotEmpty(success, $"{method} {path} has no 2xx response");
            foreach (var (status, response) in success.Where(r => r.Key != "204"))
            {
                Assert.IsNotNull(response!["content"], $"{method} {path} {status} has no body schema (add .Produces<T>).");
            }

            Assert.IsFalse(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{method} {path} has no summary");
        }
    }

    [TestMethod]
    public async Task Document_EveryOperation_ListsTheProblemsItCanReturn()
    {
        await using var factory = new IdentityServerFactory();
        var spec = await OpenApiSpec.LoadAsync(factory.CreateClient());

        foreach (var (method, path, endpoint) in MappedEndpoints(factory))
        {
            var operation = spec.Operation(method, path);
            var responses = operation["responses"]!.AsObject();
            var expected = new List<string> { "500" };
            if (operation["requestBody"] is not null)
            {
                expected.AddRange(["400", "413", "415"]);
            }

            var scheme = Scheme(operation);
            if (scheme is not null)
            {
                expected.Add("401");
            }

            if (scheme == "tenantApiKey")
            {
                expected.Add("403");
            }

            if (endpoint.Metadata.GetMetadata<EnableRateLimitingAttribute>() is not null)
            {
                expected.Add("429");
            }

            foreach (var status in expected)
            {
                Assert.IsTrue(responses.ContainsKey(status), $"{method} {path} does not list {status}");
            }

            foreach (var (status, response) in responses.Where(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture) >= 400))
            {
                var content = response!["content"]!.AsObject();
                Assert.AreEqual(1, content.Count, $"{method} {path} {status}");
                Assert.AreEqual("#/components/schemas/Problem", content["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>(), $"{method} {path} {status}");
            }
        }
    }

    [TestMethod]
    public async Task Document_ProblemSchema_CarriesCodeChecksAndErrors_AndLinksTheErrorPages()
    {
        await using var factory = new IdentityServerFactory();
        var spec = await OpenApiSpec.LoadAsync(factory.CreateClient());

        var problem = spec.Schemas["Problem"]!.AsObject();
        var properties = problem["properties"]!.AsObject().Select(p => p.Key).ToHashSet();
        foreach (var member in new[] { "type", "title", "status", "detail", "code", "checks", "errors", "verified", "warnings", "policy" })
        {
            Assert.Contains(member, properties);
        }

        CollectionAssert.IsSubsetOf(new[] { "type", "title", "status", "detail", "code" }, problem["required"]!.AsArray().Select(r => r!.GetValue<string>()).ToList());
        Assert.AreEqual("http://localhost/errors", spec.Document["externalDocs"]!["url"]!.GetValue<string>());
        Assert.Contains("/errors/{code}", problem["properties"]!["type"]!["description"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Document_BearerSchemes_AreTheKeysTheHandlersCheck()
    {
        // Arrange: the default tenant's API key, and the operator's.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var spec = await OpenApiSpec.LoadAsync(client);
        var tenantKey = (await File.ReadAllTextAsync(Path.Combine(factory.DataDirectory, "default-tenant.key"))).Trim();
        var schemes = spec.Document["components"]!["securitySchemes"]!.AsObject();
        foreach (var name in new[] { "adminKey", "tenantApiKey" })
        {
            Assert.AreEqual("http", schemes[name]!["type"]!.GetValue<string>());
            Assert.AreEqual("bearer", schemes[name]!["scheme"]!.GetValue<string>());
        }

        // Act and assert: a secured operation refuses no key and the other scheme's key; an open one never asks for a key.
        foreach (var (method, path, operation) in spec.Operations())
        {
            var url = path.Replace("{tenant}", "default", StringComparison.Ordinal)
                .Replace("{did}", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", StringComparison.Ordinal);
            url = System.Text.RegularExpressions.Regex.Replace(url, "{[^}]+}", "x1");
            var body = operation["requestBody"] is null ? null : "{}";
            var scheme = Scheme(operation);
            var anonymous = await client.SendJsonAsync(new HttpMethod(method), url, body);
            if (scheme is null)
            {
                Assert.AreNotEqual(HttpStatusCode.Unauthorized, anonymous.Status, $"{method} {path} asks for a key the document does not declare: {anonymous.Text}");
                continue;
            }

            anonymous.AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
            var wrongKey = scheme == "adminKey" ? tenantKey : IdentityServerFactory.AdminKey;
            (await client.SendJsonAsync(new HttpMethod(method), url, body, wrongKey)).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
            var rightKey = scheme == "adminKey" ? IdentityServerFactory.AdminKey : tenantKey;
            var authorized = await client.SendJsonAsync(new HttpMethod(method), url, body, rightKey);
            Assert.IsFalse(authorized.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{method} {path} refuses its {scheme}: {authorized.Text}");
        }
    }

    [TestMethod]
    [DataRow("""{"type":"object"}""")]
    [DataRow("""{}""")]
    [DataRow("""{"type":"array"}""")]
    [DataRow("""{"type":"object","properties":{"claims":{"type":"object"}}}""")]
    [DataRow("""{"oneOf":[{"type":"string"},{"type":"object"}]}""")]
    [DataRow("""{"$ref":"#/components/schemas/Bare"}""")]
    public void WhyNotConcrete_FindsAnOpenShape(string schema)
    {
        var spec = new OpenApiSpec(new JsonObject { ["components"] = new JsonObject { ["schemas"] = new JsonObject { ["Bare"] = new JsonObject { ["type"] = "object" } } } });

        Assert.IsNotNull(spec.WhyNotConcrete(JsonNode.Parse(schema)!.AsObject(), "body"));
        Assert.IsNull(spec.WhyNotConcrete(JsonNode.Parse("""{"type":"object","properties":{"id":{"type":["null","string"]}}}""")!.AsObject(), "body"));
    }

    private static string? Scheme(JsonObject operation) =>
        operation["security"]?.AsArray().SelectMany(r => r!.AsObject().Select(s => s.Key)).SingleOrDefault();

    /// <summary>The route handlers the service maps (not the framework's own endpoints or those excluded from the description).</summary>
    private static IEnumerable<(string Method, string Path, RouteEndpoint Endpoint)> MappedEndpoints(IdentityServerFactory factory) =>
        from endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        where endpoint.Metadata.GetMetadata<MethodInfo>() is not null
            && endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true }
        from method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []
        select (method, "/" + System.Text.RegularExpressions.Regex.Replace(endpoint.RoutePattern.RawText!.Trim('/'), @"{\**([^}:=?]+)[^}]*}", "{$1}"), endpoint);
}
