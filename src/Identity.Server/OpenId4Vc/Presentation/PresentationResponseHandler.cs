// References: OpenID for Verifiable Presentations 1.0 (final, 2025) §8.1 (vp_token: a JSON object of credential query
//   id to an array of presentations), §8.2 (direct_post: form-encoded vp_token or error), §8.3 (direct_post.jwt: a
//   JWE in the response parameter), §8.6 (KB-JWT nonce and aud = client_id; Data Integrity challenge and domain),
//   §14.1 (replay), https://openid.net/specs/openid-4-verifiable-presentations-1_0.html
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Credentials.SdJwt;
using Identity.Primitives;
using Identity.Server.Credentials;
using Identity.Storage;
using Microsoft.AspNetCore.WebUtilities;

namespace Identity.Server.OpenId4Vc.Presentation;

/// <summary>
/// Takes a wallet's one answer to a request at its <c>response_uri</c>: claims the request (single use, across
/// replicas), decrypts <c>direct_post.jwt</c>, checks every presentation through the service's verifier
/// (<see cref="VerificationService"/>, with nonce and client_id as challenge and domain) and against the DCQL query,
/// and records the outcome, sealed. Once claimed, a request always ends <c>verified</c> or <c>failed</c>.
/// </summary>
internal sealed class PresentationResponseHandler(
    IIdentityStore store, PresentationRequestService requests, VerificationService verification, TimeProvider time)
{
    /// <summary>The largest response body read, in bytes.</summary>
    public const int MaxResponseBytes = 512 * 1024;

    /// <summary>The most presentations one response may carry, over all credential queries.</summary>
    public const int MaxPresentations = 16;

    /// <summary>Success (the request is verified, or the wallet declined); else the error the response endpoint answers with.</summary>
    public async Task<Result<bool>> RespondAsync(string tenantId, string id, HttpRequest request, CancellationToken cancellationToken)
    {
        var opened = await requests.OpenAsync(tenantId, id, cancellationToken).ConfigureAwait(false);
        if (!opened.IsSuccess)
        {
            return opened.Error!;
        }

        if (!request.HasFormContentType)
        {
            return new Error(ErrorCodes.InvalidPresentationResponse, "The response must be application/x-www-form-urlencoded.");
        }

        var claim = await store.ClaimPresentationRequestAsync(id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (claim != PresentationRequestClaim.Claimed)
        {
            return claim switch
            {
                PresentationRequestClaim.Expired => new Error(ErrorCodes.PresentationRequestExpired, "This request has expired; the verifier must make a new one."),
                PresentationRequestClaim.Finished => new Error(ErrorCodes.PresentationRequestFinished, "This request was already answered; a response is accepted once."),
                _ => new Error(ErrorCodes.NotFound, "This tenant has no OpenID4VP request with that id."),
            };
        }

        var (_, state, recordKey) = opened.Value;
        var checks = new JsonArray();
        var credentials = new JsonArray();
        // Claimed: from here the request must end verified or failed, whatever happens, so the work is not cancelled with
        // the client and anything the evaluation throws fails the request instead of leaving it in processing.
        Result<bool> outcome;
        try
        {
            outcome = await EvaluateAsync(state, request, checks, credentials, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException or InvalidOperationException or CryptographicException)
        {
            outcome = Invalid("it could not be read");
        }

        bool verified = outcome.IsSuccess && outcome.Value && checks.All(c => DcqlQuery.Text(c?["status"]) != "failed");
        var result = new JsonObject { ["checks"] = checks, ["credentials"] = verified ? credentials : new JsonArray() };
        await store.FinishPresentationRequestAsync(
            id, verified ? PresentationRequestStatus.Verified : PresentationRequestStatus.Failed,
            recordKey.SealText(PresentationRequestService.ResultKind, id, result.ToJsonString()), time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        if (!outcome.IsSuccess)
        {
            return outcome.Error!;
        }

        return verified || !outcome.Value ? true : new Error(ErrorCodes.PresentationRejected,
            "The presentations did not verify: " + string.Join(", ", checks.Where(c => DcqlQuery.Text(c?["status"]) == "failed").Select(c => DcqlQuery.Text(c!["code"])).Distinct()) + ".");
    }

    // True when presentations were checked (the checks say how it went); false when the wallet declined; an error when
    // the response could not be read. Every outcome is recorded in `checks`.
    private async Task<Result<bool>> EvaluateAsync(JsonObject state, HttpRequest request, JsonArray checks, JsonArray credentials, CancellationToken cancellationToken)
    {
        var form = await ReadFormAsync(request, cancellationToken).ConfigureAwait(false);
        var vpToken = form.IsSuccess ? ReadVpToken(state, form.Value) : form.Error!;
        if (!vpToken.IsSuccess)
        {
            checks.Add(Check("response", "response", vpToken.Error!));
            return vpToken.Error!;
        }

        if (vpToken.Value is null)
        {
            var declined = new Error(ErrorCodes.PresentationDeclined, $"The wallet answered with the error '{Truncate(form.Value.TryGetValue("error", out var e) ? e.ToString() : "")}'.");
            checks.Add(Check("wallet", "response", declined));
            return false;
        }

        var query = DcqlQuery.Read(state["dcql_query"]).Value;
        var answered = vpToken.Value;
        if (answered.Sum(a => a.Value!.AsArray().Count) > MaxPresentations)
        {
            var tooMany = new Error(ErrorCodes.InvalidPresentationResponse, $"A vp_token may carry at most {MaxPresentations} presentations.");
            checks.Add(Check("response", "response", tooMany));
            return tooMany;
        }

        foreach (var (queryId, _) in answered)
        {
            if (!query.Credentials.Any(q => q.Id == queryId))
            {
                checks.Add(Check("dcql", Truncate(queryId), new Error(ErrorCodes.DcqlMismatch, "The vp_token answers a credential query the request did not make.")));
            }
        }

        foreach (var credentialQuery in query.Credentials)
        {
            if (answered[credentialQuery.Id] is not JsonArray presentations || presentations.Count == 0 || (presentations.Count > 1 && !credentialQuery.Multiple))
            {
                checks.Add(Check("dcql", credentialQuery.Id, new Error(ErrorCodes.DcqlMismatch,
                    $"The vp_token must answer query '{credentialQuery.Id}' with {(credentialQuery.Multiple ? "one or more presentations" : "exactly one presentation")}.")));
                continue;
            }

            for (int i = 0; i < presentations.Count; i++)
            {
                await CheckPresentationAsync(state, credentialQuery, $"{credentialQuery.Id}[{i}]", presentations[i], checks, credentials, cancellationToken).ConfigureAwait(false);
            }
        }

        return true;
    }

    private async Task CheckPresentationAsync(
        JsonObject state, DcqlCredentialQuery query, string target, JsonNode? presentation, JsonArray checks, JsonArray credentials, CancellationToken cancellationToken)
    {
        var options = state["options"]?.DeepClone() as JsonObject ?? [];
        options["challenge"] = state["nonce"]!.DeepClone();
        options["domain"] = state["client_id"]!.DeepClone();
        var verified = await verification.VerifyPresentationAsync(
            new JsonObject { ["verifiablePresentation"] = presentation?.DeepClone(), ["options"] = options }, cancellationToken).ConfigureAwait(false);
        if (!verified.IsSuccess)
        {
            checks.Add(Check("presentation", target, verified.Error!));
            return;
        }

        foreach (var check in verified.Value.ToJson()["checks"]!.AsArray())
        {
            var copy = check!.DeepClone().AsObject();
            string inner = DcqlQuery.Text(copy["target"]) ?? "presentation";
            copy["target"] = inner == "presentation" ? target : $"{target}.{inner}";
            checks.Add(copy);
        }

        int disclosed = 0;
        foreach (var (format, credential) in Disclosed(presentation))
        {
            disclosed++;
            var mismatch = query.Mismatch(format, credential);
            checks.Add(mismatch is null ? new JsonObject { ["check"] = "dcql", ["target"] = target, ["status"] = "passed" } : Check("dcql", target, mismatch));
            credentials.Add(new JsonObject
            {
                ["query"] = query.Id,
                ["format"] = format,
                ["claims"] = format == DcqlQuery.SdJwtFormat ? credential.DeepClone() : credential["credentialSubject"]?.DeepClone(),
                ["type"] = format == DcqlQuery.SdJwtFormat ? credential["vct"]?.DeepClone() : credential["type"]?.DeepClone(),
                ["issuer"] = format == DcqlQuery.SdJwtFormat ? credential["iss"]?.DeepClone() : credential["issuer"]?.DeepClone(),
            });
        }

        if (disclosed == 0)
        {
            // A presentation that carries no credential answers no credential query (it would otherwise add no check).
            checks.Add(Check("dcql", target, new Error(ErrorCodes.DcqlMismatch, "the presentation carries no credential")));
        }
    }

    // What each presentation discloses, read once its verification has run: an SD-JWT's processed claims, or each
    // credential a Data Integrity presentation carries.
    private static IEnumerable<(string Format, JsonObject Credential)> Disclosed(JsonNode? presentation)
    {
        if (DcqlQuery.Text(presentation) is { } token && SdJwtWallet.DisclosedClaims(token) is { IsSuccess: true } disclosed)
        {
            yield return (DcqlQuery.SdJwtFormat, disclosed.Value);
        }
        else if (presentation is JsonObject vp)
        {
            var carried = vp["verifiableCredential"] switch { JsonArray many => [.. many], JsonObject one => [one], _ => new List<JsonNode?>() };
            foreach (var credential in carried.OfType<JsonObject>())
            {
                yield return (DcqlQuery.LdpFormat, credential);
            }
        }
    }

    // The vp_token (null when the wallet sent an error response instead), from the form or the decrypted JWE.
    private static Result<JsonObject?> ReadVpToken(JsonObject state, Dictionary<string, Microsoft.Extensions.Primitives.StringValues> form)
    {
        bool encrypted = DcqlQuery.Text(state["response_mode"]) == PresentationRequestService.DirectPostJwt;
        JsonNode? token = null;
        if (encrypted)
        {
            if (!form.TryGetValue("response", out var jwe) || jwe.Count != 1 || form.ContainsKey("vp_token"))
            {
                return form.ContainsKey("error") && !form.ContainsKey("vp_token") ? (JsonObject?)null
                    : Invalid("a direct_post.jwt response carries exactly one response parameter (a JWE) and no vp_token");
            }

            using var key = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = Base64Url.DecodeFromChars(DcqlQuery.Text(state["encryption_d"])) });
            var payload = EcdhEsJwe.Decrypt(jwe.ToString(), key);
            if (!payload.IsSuccess)
            {
                return payload.Error!;
            }

            if (payload.Value["error"] is not null && payload.Value["vp_token"] is null)
            {
                return (JsonObject?)null;
            }

            token = payload.Value["vp_token"];
        }
        else if (form.TryGetValue("vp_token", out var text) && text.Count == 1)
        {
            var parsed = StrictJson.Parse(text.ToString(), maxDepth: 64);
            if (!parsed.IsSuccess)
            {
                return Invalid("vp_token is not JSON (or repeats a member)");
            }

            token = parsed.Value;
        }
        else if (form.ContainsKey("error"))
        {
            return (JsonObject?)null;
        }

        return token is JsonObject vpToken && vpToken.Count > 0 && vpToken.All(m => m.Value is JsonArray)
            ? vpToken
            : Invalid("vp_token must be a JSON object of credential query id to an array of presentations");
    }

    private static async Task<Result<Dictionary<string, Microsoft.Extensions.Primitives.StringValues>>> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxResponseBytes)
        {
            return new Error(ErrorCodes.PayloadTooLarge, $"The response is larger than {MaxResponseBytes} bytes.");
        }

        var buffer = new byte[MaxResponseBytes + 1];
        int read = 0, n;
        while (read < buffer.Length && (n = await request.Body.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
        {
            read += n;
        }

        return read > MaxResponseBytes
            ? new Error(ErrorCodes.PayloadTooLarge, $"The response is larger than {MaxResponseBytes} bytes.")
            : QueryHelpers.ParseQuery(Encoding.UTF8.GetString(buffer, 0, read));
    }

    private static JsonObject Check(string check, string target, Error error) => new()
    {
        ["check"] = check, ["target"] = target, ["status"] = "failed", ["detail"] = error.Detail, ["code"] = error.Code,
    };

    private static string Truncate(string text) => text.Length > 64 ? text[..64] + "…" : text;

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidPresentationResponse, $"The response is not acceptable: {detail}.");
}
