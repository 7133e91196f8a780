// References: OpenID for Verifiable Presentations 1.0 (final, 2025) §5 (authorization request: client_id, nonce,
//   response_mode, dcql_query, client_metadata), §5.10 (request_uri), §8.2 (direct_post), §8.3 (direct_post.jwt);
//   RFC 9101 (JAR, typ oauth-authz-req+jwt); HAIP 1.0 §5, https://openid.net/specs/openid-4-verifiable-presentations-1_0.html
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Primitives;
using Identity.Server.Configuration;
using Identity.Server.Credentials;
using Identity.Server.Security;
using Identity.Server.Tenants;
using Identity.Storage;

namespace Identity.Server.OpenId4Vc.Presentation;

/// <summary>
/// A tenant as OpenID4VP verifier: creates requests (a signed request object with a fresh nonce, an ephemeral
/// ECDH-ES key for <c>direct_post.jwt</c>, the DCQL query and the verify options), serves their request objects, and
/// reports their outcome. Every request's state and result are sealed with the tenant's data key.
/// </summary>
internal sealed class PresentationRequestService(
    IIdentityStore store, RecordCipher cipher, RequestSigningKeys keys, TenantDirectory tenants, PublicUrl publicUrl,
    ServerSettings settings, TimeProvider time)
{
    public const string StateKind = "oid4vp-request";
    public const string ResultKind = "oid4vp-result";
    public const string DirectPost = "direct_post";
    public const string DirectPostJwt = "direct_post.jwt";
    private const string DidPrefix = "decentralized_identifier";
    private const string X509HashPrefix = "x509_hash";

    public async Task<Result<JsonObject>> CreateAsync(string tenantId, JsonObject body, CancellationToken cancellationToken)
    {
        var unknown = body.Select(m => m.Key).FirstOrDefault(k => k is not ("dcql_query" or "response_mode" or "client_id_prefix" or "options"));
        string? mode = DcqlQuery.Text(body["response_mode"]);
        string prefix = DcqlQuery.Text(body["client_id_prefix"]) ?? DidPrefix;
        if (unknown is not null || mode is not (DirectPost or DirectPostJwt) || prefix is not (DidPrefix or X509HashPrefix))
        {
            return new Error(ErrorCodes.InvalidRequest,
                "The body is {\"dcql_query\": {...}, \"response_mode\": \"direct_post\" | \"direct_post.jwt\", \"client_id_prefix\": \"decentralized_identifier\" | \"x509_hash\", \"options\": {...}}"
                + (unknown is null ? "." : $"; '{unknown}' is not a member."));
        }

        var query = DcqlQuery.Read(body["dcql_query"]);
        var options = ReadOptions(body["options"]);
        if (!query.IsSuccess || !options.IsSuccess)
        {
            return query.IsSuccess ? options.Error! : query.Error!;
        }

        var signingKey = await keys.GetAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var recordKey = signingKey.IsSuccess ? await cipher.ForTenantAsync(tenantId, cancellationToken).ConfigureAwait(false) : signingKey.Error!;
        if (!recordKey.IsSuccess)
        {
            return recordKey.Error!;
        }

        string id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        string nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        string did = tenants.DidWebOf(tenantId);
        string baseUri = $"{publicUrl.Origin}/tenants/{tenantId}/oid4vp/requests/{id}";
        var now = time.GetUtcNow();
        var expires = now + settings.ChallengeLifetime;

        var header = new JsonObject { ["alg"] = "ES256", ["typ"] = "oauth-authz-req+jwt" };
        string clientId;
        if (prefix == X509HashPrefix)
        {
            var chain = keys.CertificateChain(tenantId, did, signingKey.Value);
            clientId = $"{X509HashPrefix}:{RequestSigningKeys.X509Hash(chain[0])}";
            header["x5c"] = new JsonArray([.. chain.Select(c => (JsonNode)Convert.ToBase64String(c))]);
        }
        else
        {
            clientId = $"{DidPrefix}:{did}";
            header["kid"] = $"{did}#{RequestSigningKeys.Fragment}";
        }

        using var encryption = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var encryptionKey = encryption.ExportParameters(includePrivateParameters: true);
        var payload = new JsonObject
        {
            ["aud"] = "https://self-issued.me/v2",
            ["response_type"] = "vp_token",
            ["client_id"] = clientId,
            ["response_uri"] = baseUri + "/response",
            ["response_mode"] = mode,
            ["nonce"] = nonce,
            ["state"] = id,
            ["dcql_query"] = body["dcql_query"]!.DeepClone(),
            ["client_metadata"] = ClientMetadata(mode == DirectPostJwt ? encryptionKey : null, id),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
        };
        string requestObject = Sign(header, payload, signingKey.Value);

        var state = new JsonObject
        {
            ["nonce"] = nonce,
            ["client_id"] = clientId,
            ["response_mode"] = mode,
            ["dcql_query"] = body["dcql_query"]!.DeepClone(),
            ["options"] = body["options"]?.DeepClone(),
            ["request_object"] = requestObject,
            ["encryption_d"] = Base64Url.EncodeToString(encryptionKey.D),
        };
        CryptographicOperations.ZeroMemory(encryptionKey.D);
        var record = new PresentationRequestRecord(id, tenantId, recordKey.Value.SealText(StateKind, id, state.ToJsonString()), now, expires);
        var added = await store.AddPresentationRequestAsync(record, cancellationToken).ConfigureAwait(false);
        if (!added.IsSuccess)
        {
            return added.Error!;
        }

        // A biometric match needs a presentation bound to a challenge issued here (BiometricMatcher): the nonce is one,
        // spent by the verifier when the (single) presentation answers it.
        if ((body["options"] as JsonObject)?.ContainsKey("biometric") == true)
        {
            await store.AddChallengeAsync(new ChallengeRecord(nonce, clientId, now, expires), cancellationToken).ConfigureAwait(false);
        }

        string requestUri = baseUri + "/request";
        return new JsonObject
        {
            ["id"] = id,
            ["authorization_request"] = $"openid4vp://?client_id={Uri.EscapeDataString(clientId)}&request_uri={Uri.EscapeDataString(requestUri)}",
            ["request_uri"] = requestUri,
            ["client_id"] = clientId,
            ["expires_at"] = expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The signed request object of a pending, unexpired request of this tenant.</summary>
    public async Task<Result<string>> GetRequestObjectAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        var opened = await OpenAsync(tenantId, id, cancellationToken).ConfigureAwait(false);
        if (!opened.IsSuccess)
        {
            return opened.Error!;
        }

        var (record, state, _) = opened.Value;
        return record.Status != PresentationRequestStatus.Pending
            ? new Error(ErrorCodes.PresentationRequestFinished, "This request was already answered.")
            : record.ExpiresAt <= time.GetUtcNow()
                ? new Error(ErrorCodes.PresentationRequestExpired, "This request has expired.")
                : DcqlQuery.Text(state["request_object"])!;
    }

    /// <summary><c>{status, checks, credentials}</c>: the outcome as the provider sees it.</summary>
    public async Task<Result<JsonObject>> GetStatusAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        var opened = await OpenAsync(tenantId, id, cancellationToken).ConfigureAwait(false);
        if (!opened.IsSuccess)
        {
            return opened.Error!;
        }

        var (record, _, recordKey) = opened.Value;
        bool expired = record.Status == PresentationRequestStatus.Pending && record.ExpiresAt <= time.GetUtcNow();
        var result = record.Result is { } sealedResult ? JsonNode.Parse(recordKey.OpenText(ResultKind, id, sealedResult))!.AsObject() : null;
        var checks = result?["checks"]?.DeepClone() as JsonArray ?? [];
        if (expired)
        {
            checks.Add(new JsonObject { ["check"] = "request", ["target"] = "request", ["status"] = "failed", ["code"] = ErrorCodes.PresentationRequestExpired });
        }

        return new JsonObject
        {
            ["id"] = id,
            ["status"] = expired ? "failed" : record.Status switch
            {
                PresentationRequestStatus.Verified => "verified",
                PresentationRequestStatus.Failed => "failed",
                _ => "pending",
            },
            ["checks"] = checks,
            ["credentials"] = result?["credentials"]?.DeepClone() ?? new JsonArray(),
        };
    }

    /// <summary>The request with its opened state; <c>notFound</c> when this tenant has no such request.</summary>
    internal async Task<Result<(PresentationRequestRecord Record, JsonObject State, TenantRecordKey Key)>> OpenAsync(
        string tenantId, string id, CancellationToken cancellationToken)
    {
        var record = id.Length <= 64 ? await store.GetPresentationRequestAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (record is null || record.TenantId != tenantId)
        {
            return new Error(ErrorCodes.NotFound, "This tenant has no OpenID4VP request with that id.");
        }

        var recordKey = await cipher.ForTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
        return recordKey.IsSuccess
            ? (record, JsonNode.Parse(recordKey.Value.OpenText(StateKind, id, record.State))!.AsObject(), recordKey.Value)
            : recordKey.Error!;
    }

    private static Result<bool> ReadOptions(JsonNode? node)
    {
        if (node is null)
        {
            return true;
        }

        if (node is not JsonObject options || options.ContainsKey("challenge") || options.ContainsKey("domain"))
        {
            return new Error(ErrorCodes.InvalidOptions, "options must be a JSON object of verify options without challenge or domain (the request's nonce and client_id are used).");
        }

        if (options["biometric"] is { } capture)
        {
            var read = Biometrics.CaptureReader.Read(capture, "options.biometric");
            if (!read.IsSuccess)
            {
                return read.Error!;
            }

            read.Value.Dispose();
        }

        var policy = VerifierPolicyOptions.Read(options, Identity.Credentials.Verification.VerifierPolicy.Default);
        return policy.IsSuccess ? true : policy.Error!;
    }

    private static JsonObject ClientMetadata(ECParameters? encryption, string id)
    {
        var algs = new JsonArray("ES256", "EdDSA");
        var metadata = new JsonObject
        {
            ["vp_formats_supported"] = new JsonObject
            {
                [DcqlQuery.SdJwtFormat] = new JsonObject { ["sd-jwt_alg_values"] = algs.DeepClone(), ["kb-jwt_alg_values"] = algs.DeepClone() },
                [DcqlQuery.LdpFormat] = new JsonObject
                {
                    ["proof_type_values"] = new JsonArray("DataIntegrityProof"),
                    ["cryptosuite_values"] = new JsonArray("eddsa-rdfc-2022", "eddsa-jcs-2022", "ecdsa-rdfc-2019", "ecdsa-jcs-2019"),
                },
            },
        };
        if (encryption is { } key)
        {
            metadata["jwks"] = new JsonObject
            {
                ["keys"] = new JsonArray(new JsonObject
                {
                    ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Base64Url.EncodeToString(key.Q.X), ["y"] = Base64Url.EncodeToString(key.Q.Y),
                    ["use"] = "enc", ["alg"] = "ECDH-ES", ["kid"] = "enc-" + id,
                }),
            };
            metadata["encrypted_response_enc_values_supported"] = new JsonArray([.. EcdhEsJwe.SupportedEnc.Select(e => (JsonNode)e)]);
        }

        return metadata;
    }

    private static string Sign(JsonObject header, JsonObject payload, ECDsa key)
    {
        string input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return input + "." + Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256));
    }
}
