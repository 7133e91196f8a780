using System.Text.Json.Nodes;
using Identity.Testing;
using Microsoft.Playwright;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// The web console end to end in headless Chromium against the real server on Kestrel: the operator creates a tenant and
/// rotates its key; the tenant signs in, issues from the template and revokes; the provider desk verifies the patient's
/// presentation before and after the revocation, and shows each check.
/// </summary>
[TestClass]
public sealed class ConsoleBrowserTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task Console_OperatorAndTenantAndDesk_IssueRevokeVerify_InHeadlessChromium()
    {
        // Arrange: the real server, one browser.
        await using var browser = await ConsoleBrowser.StartAsync();
        var context = browser.Context;
        var page = await context.NewPageAsync();
        using var patient = new Scenario.Patient();

        // Act and assert: the operator signs in with the admin key, creates a tenant (its API key shown once), rotates its key.
        await page.GotoAsync("/");
        Assert.EndsWith("/console", page.Url);
        await SignInAsync(page, IdentityServerFactory.AdminKey);
        Assert.EndsWith("/console/operator", page.Url);
        await page.GetByLabel("Hospital name").FillAsync("St Mary's Hospital");
        await page.GetByLabel("Tenant id").FillAsync("st-marys");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create tenant" }).ClickAsync();
        var apiKey = await page.Locator("#new-secret").InputValueAsync();
        StringAssert.StartsWith(apiKey, "idk_");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add key" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-key='key-2']")).ToContainTextAsync("active");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify the audit log" }).ClickAsync();
        await Assertions.Expect(page.Locator("#audit-result")).ToContainTextAsync("Intact");
        await AssertEveryFieldLabelledAsync(page);
        await ConsoleBrowser.ScreenshotAsync(page, TestContext, "console-operator");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out (operator)" }).ClickAsync();

        // The tenant signs in from the keyboard alone; the session cookie is HttpOnly, SameSite=Strict and does not hold the key in clear.
        await page.GetByLabel("API key or admin key").FocusAsync();
        await page.Keyboard.TypeAsync(apiKey);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/console/tenant");
        var session = (await context.CookiesAsync()).Single(c => c.Name == "identity-console");
        Assert.IsTrue(session.HttpOnly);
        Assert.AreEqual(SameSiteAttribute.Strict, session.SameSite);
        // The secret is everything after idk_{12 hex}_; it is base64url, so it may itself contain '_'.
        Assert.DoesNotContain(apiKey[("idk_".Length + 13)..], session.Value);
        Assert.AreEqual(0, await page.EvaluateAsync<int>("() => window.localStorage.length + window.sessionStorage.length"));

        // It issues a PatientIdentityCredential from the template.
        await page.GetByRole(AriaRole.Link, new() { Name = "Issue" }).ClickAsync();
        await page.GetByLabel("Patient DID").FillAsync(patient.Did);
        await page.GetByLabel("Given name").FillAsync("Ada");
        await page.GetByLabel("Family name").FillAsync("Lovelace");
        await page.GetByLabel("Date of birth").FillAsync("1990-12-10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue credential" }).ClickAsync();
        var credential = JsonNode.Parse(await page.GetByLabel("Signed credential (JSON)").InputValueAsync())!.AsObject();
        Assert.AreEqual(patient.Did, credential["credentialSubject"]!["id"]!.GetValue<string>());
        StringAssert.StartsWith(credential["proof"]!["verificationMethod"]!.GetValue<string>(), credential["issuer"]!.GetValue<string>() + "#key-2");
        await AssertEveryFieldLabelledAsync(page);
        await ConsoleBrowser.ScreenshotAsync(page, TestContext, "console-issue");

        // The provider desk verifies the patient's presentation over its challenge.
        var verified = await VerifyAtDeskAsync(page, patient, credential);
        Assert.AreEqual("Verified", verified);
        foreach (var check in new[] { "proof", "challenge", "holderBinding", "credentialStatus" })
        {
            await Assertions.Expect(page.Locator($"#checks tr[data-check='{check}']").First).ToHaveAttributeAsync("data-status", "passed");
        }

        await AssertEveryFieldLabelledAsync(page);
        await ConsoleBrowser.ScreenshotAsync(page, TestContext, "console-desk-verified");

        // The tenant revokes it from the list.
        var id = credential["id"]!.GetValue<string>();
        await page.GetByRole(AriaRole.Link, new() { Name = "Credentials" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke " + id }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Revoked " + id);
        await Assertions.Expect(page.Locator($"tr[data-credential='{id}'] .badge")).ToHaveTextAsync("revoked");

        // The desk now refuses it, and says which check failed and why.
        var refused = await VerifyAtDeskAsync(page, patient, credential);
        Assert.AreEqual("Not verified", refused);
        var status = page.Locator("#checks tr[data-check='credentialStatus'][data-status='failed']");
        await Assertions.Expect(status).ToHaveCountAsync(1);
        await Assertions.Expect(status).ToContainTextAsync("neither revoked nor suspended");
        await Assertions.Expect(page.Locator("#failed-checks")).ToHaveTextAsync("Failed: credentialStatus of verifiableCredential[0] (credentialRevoked).");
        await ConsoleBrowser.ScreenshotAsync(page, TestContext, "console-desk-revoked");

        // Each code links to its error page, served by the service.
        await status.GetByRole(AriaRole.Link, new() { Name = "credentialRevoked" }).ClickAsync();
        Assert.EndsWith("/errors/credentialRevoked", page.Url);
        await page.GotoAsync("/console/desk");

        // Signing out ends the session: the tenant pages send the browser back to the sign-in form.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out (st-marys)" }).ClickAsync();
        await page.GotoAsync("/console/credentials");
        Assert.EndsWith("/console", page.Url);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task ApiReference_RendersEveryOperation_InHeadlessChromium_FromTheServiceAlone()
    {
        // Arrange: the real server, one browser; every request the page makes is recorded.
        await using var session = await ConsoleBrowser.StartAsync();
        var server = session.Server;
        var page = await session.Context.NewPageAsync();
        var requested = new System.Collections.Concurrent.ConcurrentBag<string>();
        page.Request += (_, request) => requested.Add(request.Url);
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var document = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!;
        int operations = document["paths"]!.AsObject().Sum(path => path.Value!.AsObject().Count(op => op.Key is "get" or "post" or "put" or "patch" or "delete"));

        // Act
        await page.GotoAsync("/docs");
        await Assertions.Expect(page.Locator(".opblock")).ToHaveCountAsync(operations, new() { Timeout = 30_000 });
        await ConsoleBrowser.ScreenshotAsync(page, TestContext, "api-reference");

        // Assert: Swagger UI drew one block per operation of the document, and loaded nothing from another host.
        var origin = new Uri(server.BaseUrl).GetLeftPart(UriPartial.Authority);
        var foreign = requested.Where(url => !url.StartsWith(origin, StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal)).ToList();
        Assert.IsEmpty(foreign, string.Join("\n", foreign));
        Assert.IsTrue(requested.Any(url => url.EndsWith("/openapi/v1.json", StringComparison.Ordinal)), "The page did not load the service's own OpenAPI document.");
    }

    // Every visible form field has a label a screen reader announces.
    private static async Task AssertEveryFieldLabelledAsync(IPage page)
    {
        var unlabelled = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('input:not([type=hidden]), textarea, select')].filter(e => e.labels.length === 0).map(e => e.outerHTML)");
        Assert.IsEmpty(unlabelled, string.Join("\n", unlabelled));
    }

    private static async Task SignInAsync(IPage page, string key)
    {
        await page.GetByLabel("API key or admin key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    private static async Task<string> VerifyAtDeskAsync(IPage page, Scenario.Patient patient, JsonObject credential)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Provider desk" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New challenge" }).ClickAsync();
        var challenge = await page.Locator("#challenge").InnerTextAsync();
        var domain = await page.Locator("#challenge-domain").InnerTextAsync();
        var presentation = patient.Present([credential], challenge, domain);
        await page.GetByLabel("Presentation or credential (JSON)").FillAsync(presentation.ToJsonString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();
        return await page.Locator("#verdict").InnerTextAsync();
    }
}
