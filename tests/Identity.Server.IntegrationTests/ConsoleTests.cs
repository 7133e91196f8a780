using System.Net;
using System.Text.Json.Nodes;
using Identity.Cryptography;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Identity.Server.IntegrationTests;

/// <summary>The web console's security properties and its patient DID forms, in process (the browser test covers the rest).</summary>
[TestClass]
public sealed class ConsoleTests
{
    [TestMethod]
    public async Task Root_RedirectsToConsole_AndConsolePages_SendAPolicyWithoutScript_AndNoCaching()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var root = await client.GetAsync("/");
        using var console = await client.GetAsync("/console");
        using var css = await client.GetAsync("/console/console.css");

        Assert.AreEqual(HttpStatusCode.Redirect, root.StatusCode);
        Assert.AreEqual("/console", root.Headers.Location!.OriginalString);
        Assert.AreEqual(HttpStatusCode.OK, console.StatusCode);
        var policy = string.Join(";", console.Headers.GetValues("Content-Security-Policy"));
        StringAssert.Contains(policy, "default-src 'none'");
        StringAssert.Contains(policy, "form-action 'self'");
        StringAssert.Contains(policy, "frame-ancestors 'none'");
        Assert.DoesNotContain("script-src", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.IsTrue(console.Headers.CacheControl!.NoStore);
        var html = await console.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain(" style=", html);
        StringAssert.Contains(html, "<label for=\"key\">");
        Assert.AreEqual("text/css", css.Content.Headers.ContentType!.MediaType);
    }

    [TestMethod]
    public async Task SignIn_WithoutTheFormToken_IsRefused_AndSetsNoSession()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var tenant = await factory.CreateClient().CreateTenantAsync("forged");

        // A cross-site form post carries no token from our page.
        using var forged = await client.PostAsync("/console?handler=SignIn", new FormUrlEncodedContent([new("key", tenant.ApiKey)]));

        Assert.AreEqual(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.AreEqual("application/problem+json", forged.Content.Headers.ContentType!.MediaType);
        Assert.IsFalse(forged.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("identity-console=", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task SignIn_WithTenantKey_SetsASealedHttpOnlyStrictCookie_AndRevokingTheKeyEndsTheSession()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var api = factory.CreateClient();
        var tenant = await api.CreateTenantAsync("st-marys");
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        // Act: sign in, open a tenant page, revoke the key through the API, open the page again.
        using var signIn = await ConsoleForms.PostAsync(client, "/console", "SignIn", ("key", tenant.ApiKey));
        using var before = await client.GetAsync("/console/tenant");
        var keyId = tenant.ApiKey.Split('_')[1];
        (await api.SendJsonAsync(HttpMethod.Delete, $"/admin/tenants/st-marys/api-keys/{keyId}", null, IdentityServerFactory.AdminKey)).AssertStatus(HttpStatusCode.NoContent);
        using var after = await client.GetAsync("/console/tenant");

        // Assert
        Assert.AreEqual(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.AreEqual("/console/tenant", signIn.Headers.Location!.OriginalString);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("identity-console=", StringComparison.Ordinal));
        StringAssert.Contains(cookie, "httponly");
        StringAssert.Contains(cookie, "samesite=strict");
        StringAssert.Contains(cookie, "path=/console");
        Assert.DoesNotContain(tenant.ApiKey[("idk_".Length + 13)..], cookie); // the whole secret: base64url may contain '_'
        Assert.DoesNotContain(keyId, cookie);
        Assert.AreEqual(HttpStatusCode.OK, before.StatusCode);
        StringAssert.Contains(await before.Content.ReadAsStringAsync(), tenant.Did);
        Assert.AreEqual(HttpStatusCode.Redirect, after.StatusCode);
        Assert.AreEqual("/console", after.Headers.Location!.OriginalString);
    }

    [TestMethod]
    public async Task SignIn_WithAWrongKey_IsRefusedOnThePage_AndATamperedCookieIsNoSession()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var wrong = await ConsoleForms.PostAsync(client, "/console", "SignIn", ("key", "idk_000000000000_" + new string('A', 43)));
        var tampered = new HttpRequestMessage(HttpMethod.Get, "/console/tenant");
        tampered.Headers.Add("Cookie", "identity-console=" + Convert.ToBase64String(new byte[96]));
        using var forgedSession = await client.SendAsync(tampered);

        Assert.AreEqual(HttpStatusCode.Unauthorized, wrong.StatusCode);
        StringAssert.Contains(await wrong.Content.ReadAsStringAsync(), "unauthorized");
        Assert.AreEqual(HttpStatusCode.Redirect, forgedSession.StatusCode);
    }

    [TestMethod]
    public async Task PatientsPage_RegistersShowsAndDeactivates_AndTheDidResolvesAsRegistered()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var api = factory.CreateClient();
        var tenant = await api.CreateTenantAsync("clinic");
        var client = factory.CreateClient();
        await ConsoleForms.SignInAsync(client, tenant.ApiKey);
        using var key = SignatureAlgorithms.Ed25519.GenerateKey();
        var multibase = Multikey.EncodePublicKey(key.PublicKey);

        // Act
        using var registered = await ConsoleForms.PostAsync(client, "/console/patients", "Register", ("id", "p-1"), ("publicKeys", multibase + "\n"));
        var document = (await api.GetJsonAsync("/tenants/clinic/patients/p-1/did.json")).AssertStatus(HttpStatusCode.OK).Body!;
        var shown = await client.GetStringAsync("/console/patients?patient=p-1");
        using var deactivated = await ConsoleForms.PostAsync(client, "/console/patients", "Deactivate", ("patient", "p-1"));
        var gone = await api.GetJsonAsync("/tenants/clinic/patients/p-1/did.json");

        // Assert
        Assert.AreEqual(HttpStatusCode.OK, registered.StatusCode);
        StringAssert.Contains(await registered.Content.ReadAsStringAsync(), "Registered did:web:localhost:tenants:clinic:patients:p-1");
        Assert.AreEqual(multibase, document["verificationMethod"]![0]!["publicKeyMultibase"]!.GetValue<string>());
        StringAssert.Contains(shown, multibase);
        StringAssert.Contains(await deactivated.Content.ReadAsStringAsync(), "Deactivated");
        Assert.AreEqual(HttpStatusCode.Gone, gone.Status);
    }
}
