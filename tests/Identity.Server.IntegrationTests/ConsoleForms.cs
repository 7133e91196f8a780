using System.Net;
using System.Text.RegularExpressions;

namespace Identity.Server.IntegrationTests;

/// <summary>Posts the console's forms as a browser does: the antiforgery token from the page, its cookie, form encoding.</summary>
internal static partial class ConsoleForms
{
    /// <summary>Opens <paramref name="page"/> and posts <paramref name="fields"/> to it (with <c>?handler=</c> when given).</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string? handler, params (string Name, string Value)[] fields)
    {
        var html = await client.GetStringAsync(page);
        var token = TokenPattern().Match(html);
        Assert.IsTrue(token.Success, "The page has no antiforgery token:\n" + html);
        var form = new List<KeyValuePair<string, string>> { new("__form", WebUtility.HtmlDecode(token.Groups[1].Value)) };
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await client.PostAsync(handler is null ? page : $"{page}{(page.Contains('?', StringComparison.Ordinal) ? '&' : '?')}handler={handler}", new FormUrlEncodedContent(form));
    }

    public static async Task<string> SignInAsync(HttpClient client, string key)
    {
        using var response = await PostAsync(client, "/console", "SignIn", ("key", key));
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("name=\"__form\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
