using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Identity.Primitives;
using Identity.Testing;

namespace Identity.Server.IntegrationTests;

/// <summary>The API reference at <c>/docs</c> and the error pages at <c>/errors/{code}</c>, all served by the service itself.</summary>
[TestClass]
public sealed partial class ApiReferenceTests
{
    private static IEnumerable<string> Codes() => typeof(ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!);

    [TestMethod]
    public async Task Docs_ServesSwaggerUi_WithEveryAssetFromTheServiceItself()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();

        using var page = await client.GetAsync("/docs");
        var html = await page.Content.ReadAsStringAsync();

        Assert.AreEqual(HttpStatusCode.OK, page.StatusCode, html);
        Assert.AreEqual("text/html", page.Content.Headers.ContentType?.MediaType);
        StringAssert.Contains(html, "swagger-ui");
        var references = Reference().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.IsNotEmpty(references);
        foreach (var reference in references)
        {
            Assert.IsFalse(reference.Contains("//", StringComparison.Ordinal) || reference.Contains(':', StringComparison.Ordinal), $"/docs loads {reference} from another host");
            using var asset = await client.GetAsync(new Uri(page.RequestMessage!.RequestUri!, reference));
            Assert.AreEqual(HttpStatusCode.OK, asset.StatusCode, reference);
        }

        // The configuration Swagger UI starts with: our document, and no online validator.
        var script = await client.GetStringAsync(new Uri(page.RequestMessage!.RequestUri!, "index.js"));
        var config = ConfigObject().Match(script);
        Assert.IsTrue(config.Success, script);
        StringAssert.Contains(config.Value, "\"url\":\"/openapi/v1.json\"");
        StringAssert.Contains(config.Value, "\"validatorUrl\":\"none\"");
        Assert.IsFalse(Url().IsMatch(config.Value), config.Value);
    }

    [TestMethod]
    public async Task ErrorPages_ServeEveryDocumentedCode_AsHtmlAndAsItsMarkdown()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();

        foreach (var code in Codes())
        {
            var markdown = await File.ReadAllTextAsync(Path.Combine(TestVectors.RepositoryRoot, "docs", "errors", code + ".md"));
            using var html = await client.GetAsync("/errors/" + code);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/errors/" + code);
            request.Headers.Add("Accept", "text/markdown");
            using var text = await client.SendAsync(request);

            Assert.AreEqual(HttpStatusCode.OK, html.StatusCode, code);
            Assert.AreEqual("text/html", html.Content.Headers.ContentType?.MediaType, code);
            StringAssert.Contains(await html.Content.ReadAsStringAsync(), $"<code>{code}</code>", code);
            Assert.AreEqual("text/markdown", text.Content.Headers.ContentType?.MediaType, code);
            Assert.AreEqual(markdown, await text.Content.ReadAsStringAsync(), code);
        }
    }

    [TestMethod]
    public async Task ErrorPages_IndexLinksEveryCode_AndAnUnknownCodeIsAProblem()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();

        var index = await client.GetStringAsync("/errors");
        var unknown = await client.GetJsonAsync("/errors/noSuchCode");

        foreach (var code in Codes())
        {
            StringAssert.Contains(index, $"href=\"/errors/{code}\"");
        }

        unknown.AssertProblem(HttpStatusCode.NotFound, "notFound");
    }

    [TestMethod]
    public async Task ProblemType_IsTheCodesPageOnThePublicUrl_AndResolves()
    {
        await using var factory = new IdentityServerFactory(settings => settings["IDENTITY_PUBLIC_URL"] = "https://identity.hospital.test");
        var client = factory.CreateClient();

        var problem = (await client.GetJsonAsync("/admin/tenants")).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        var type = new Uri(problem.Body!["type"]!.GetValue<string>());
        var page = await client.GetAsync(type.AbsolutePath);

        Assert.AreEqual("https://identity.hospital.test/errors/unauthorized", type.ToString());
        Assert.AreEqual(HttpStatusCode.OK, page.StatusCode);
        StringAssert.Contains(await page.Content.ReadAsStringAsync(), "<code>unauthorized</code>");
    }

    [GeneratedRegex("(?:src|href)=\"(?<url>[^\"]+)\"")]
    private static partial Regex Reference();

    [GeneratedRegex(@"var configObject = (\{.*?\});", RegexOptions.Singleline)]
    private static partial Regex ConfigObject();

    [GeneratedRegex("https?://")]
    private static partial Regex Url();
}
