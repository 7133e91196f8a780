using System.Net;
using Microsoft.Playwright;

namespace Identity.Server.IntegrationTests.Monitoring;

/// <summary>The console's provider view of alerts: a low reading a bound device signs appears live in headless Chromium.</summary>
[TestClass]
public sealed class ConsoleAlertsTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task AlertsPage_ShowsALowReadingLive_InHeadlessChromium()
    {
        // Arrange: the real server; alice's CGM bound and a low-glucose rule set; the tenant signed in to the console.
        await using var browser = await ConsoleBrowser.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(browser.Server.BaseUrl) };
        using var parties = await MonitoringParties.CreateAsync(http);
        await parties.BindAsync();
        (await http.PutRulesAsync(parties.TenantInfo, "alice", AlertClient.Rules(AlertClient.Rule("low-glucose", "2339-0", "mg/dL", below: 70))))
            .AssertStatus(HttpStatusCode.OK);
        var page = await browser.Context.NewPageAsync();
        await page.GotoAsync("/console");
        await page.GetByLabel("API key or admin key").FillAsync(parties.TenantInfo.ApiKey);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/console/tenant");
        await page.GetByRole(AriaRole.Link, new() { Name = "Alerts" }).ClickAsync();
        await Assertions.Expect(page.Locator("#no-alerts")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#alert-feed")).ToHaveAttributeAsync("data-state", "live");

        // Act: the device posts a signed batch with one low reading.
        var answer = (await parties.SendAsync(MonitoringParties.Bundle([parties.Glucose(1, 110m), parties.Glucose(2, 62m)]))).AssertStatus(HttpStatusCode.OK);
        var lowId = answer.Body!["readings"]![1]!["id"]!.GetValue<string>();

        // Assert: one row, live, naming the rule, the value and the patient; the list behind it agrees.
        var rows = page.Locator("#alerts tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("low-glucose");
        await Assertions.Expect(rows.First).ToContainTextAsync("62 mg/dL");
        await Assertions.Expect(rows.First).ToContainTextAsync(parties.PatientDid);
        await Assertions.Expect(page.Locator("#no-alerts")).ToBeHiddenAsync();
        await ConsoleBrowser.ScreenshotAsync(page, TestContext, "console-alerts");
        var list = (await http.GetJsonAsync($"/tenants/{parties.TenantInfo.Id}/alerts", parties.TenantInfo.ApiKey)).Body!["alerts"]!.AsArray();
        Assert.AreEqual(lowId, list.Single()!["observationId"]!.GetValue<string>());

        // And after a reload the page renders it from the list, on the server.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#alerts tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#alerts tr").First).ToContainTextAsync("62 mg/dL");
    }

    [TestMethod]
    public async Task ConsoleStream_NeedsATenantSession_AndOnlyTheAlertsPageMayRunScript()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();

        (await client.GetJsonAsync("/console/alerts/stream", null, "text/event-stream")).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        using var script = await client.GetAsync("/console/alerts.js");
        var signIn = await client.GetAsync("/console");

        Assert.AreEqual(HttpStatusCode.OK, script.StatusCode);
        Assert.AreEqual("text/javascript", script.Content.Headers.ContentType?.MediaType);
        StringAssert.Contains(await script.Content.ReadAsStringAsync(), "textContent");
        Assert.DoesNotContain("script-src", string.Join(" ", signIn.Headers.GetValues("Content-Security-Policy")));
    }
}
