using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Identity.Server.IntegrationTests;

/// <summary>A response as the tests look at it: status, media type and the parsed JSON body.</summary>
public sealed record ApiResponse(HttpStatusCode Status, string? MediaType, JsonObject? Body, string Text, HttpResponseHeaders Headers)
{
    public string? Code => Body?["code"]?.GetValue<string>();

    /// <summary>Asserts an RFC 9457 problem with this status and stable code.</summary>
    public ApiResponse AssertProblem(HttpStatusCode status, string code)
    {
        Assert.AreEqual(status, Status, Text);
        Assert.AreEqual("application/problem+json", MediaType, Text);
        Assert.AreEqual(code, Code, Text);
        // type is the code's page on this service (ErrorPages), absolute on its public origin.
        var type = new Uri(Body!["type"]!.GetValue<string>(), UriKind.Absolute);
        Assert.AreEqual("/errors/" + code, type.AbsolutePath, Text);
        Assert.AreEqual((int)status, Body["status"]!.GetValue<int>());
        Assert.IsFalse(Text.Contains("   at ", StringComparison.Ordinal), "A problem must not carry a stack trace.");
        return this;
    }

    public ApiResponse AssertStatus(HttpStatusCode status)
    {
        Assert.AreEqual(status, Status, Text);
        return this;
    }
}

/// <summary>Small JSON helpers over <see cref="HttpClient"/>.</summary>
public static class Api
{
    public static Task<ApiResponse> PostJsonAsync(this HttpClient client, string path, JsonNode? body, string? bearer = null) =>
        client.SendJsonAsync(HttpMethod.Post, path, body?.ToJsonString(), bearer);

    public static async Task<ApiResponse> GetJsonAsync(this HttpClient client, string path, string? bearer = null, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return await ReadAsync(await client.SendAsync(request));
    }

    public static async Task<ApiResponse> SendJsonAsync(
        this HttpClient client, HttpMethod method, string path, string? body, string? bearer = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await ReadAsync(await client.SendAsync(request));
    }

    public static async Task<ApiResponse> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            JsonObject? body = null;
            try
            {
                body = text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null;
            }
            catch (System.Text.Json.JsonException)
            {
            }

            return new ApiResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, text, response.Headers);
        }
    }
}
