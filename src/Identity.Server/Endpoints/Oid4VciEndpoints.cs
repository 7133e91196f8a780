// References: OpenID for Verifiable Credential Issuance 1.0 (final), https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html ;
//   RFC 8414 §3 (well-known URI with the issuer's path inserted); RFC 9449 (DPoP)
using System.Text.Json.Nodes;
using Identity.Server.Contracts;
using Identity.Server.Http;
using Identity.Server.OpenApi;
using Identity.Server.OpenId4Vc.Issuance;
using Identity.Server.Security;
using Identity.Server.Tenants;
using Identity.Storage;

namespace Identity.Server.Endpoints;

/// <summary>
/// Each tenant as an OpenID4VCI 1.0 credential issuer and its own authorization server: metadata, offers (tenant key),
/// the pre-authorized code token endpoint, the nonce endpoint and the credential endpoint (OAuth access token).
/// Protocol failures carry the spec's <c>error</c> next to the problem members (<see cref="OAuthProblems"/>).
/// </summary>
internal static class Oid4VciEndpoints
{
    public static IEndpointRouteBuilder MapOid4Vci(this IEndpointRouteBuilder app)
    {
        // The Credential Issuer Metadata, at the issuer identifier's path inserted after the well-known prefix.
        app.MapGet("/.well-known/openid-credential-issuer/tenants/{tenant}", async (string tenant, IIdentityStore store, TenantDirectory directory, IssuerMetadata metadata, CancellationToken ct) =>
        {
            var record = await store.GetTenantAsync(tenant, ct);
            var keys = record is null ? null : await directory.GetKeysAsync(tenant, ct);
            return record is null || keys is null
                ? Problems.For(UnknownTenant(tenant))
                : Results.Json(metadata.CredentialIssuer(tenant, record.Name, keys));
        })
        .WithTags("OpenID4VCI").WithSummary("Credential Issuer Metadata of a tenant")
        .WithDescription("OpenID4VCI 1.0 §12.2: endpoints, `batch_credential_issuance` and `credential_configurations_supported` (PatientIdentityCredential, BiometricBindingCredential, HealthCredential in dc+sd-jwt, ldp_vc and jwt_vc_json, each with `credential_metadata`).")
        .Produces<CredentialIssuerMetadataDocument>().ProducesProblem(404);

        // The tenant's authorization server metadata (it is its own authorization server).
        app.MapGet("/.well-known/oauth-authorization-server/tenants/{tenant}", async (string tenant, IIdentityStore store, IssuerMetadata metadata, CancellationToken ct) =>
            await store.GetTenantAsync(tenant, ct) is null ? Problems.For(UnknownTenant(tenant)) : Results.Json(metadata.AuthorizationServer(tenant)))
        .WithTags("OpenID4VCI").WithSummary("OAuth authorization server metadata of a tenant")
        .WithDescription("RFC 8414: the token endpoint, the pre-authorized code grant with `pre-authorized_grant_anonymous_access_supported: true`, and `dpop_signing_alg_values_supported`.")
        .Produces<AuthorizationServerMetadataDocument>().ProducesProblem(404);

        // Creates a credential offer for one patient (tenant key).
        app.MapPost("/tenants/{tenant}/oid4vci/offers", async (string tenant, HttpContext context, Authenticator auth, JsonBody body, OfferService offers, CancellationToken ct) =>
        {
            if (await auth.RequireTenantAsync(context, tenant, ct) is { } denied)
            {
                return Problems.For(denied);
            }

            var request = await body.ReadObjectAsync(context.Request, ct);
            var created = request.IsSuccess ? await offers.CreateAsync(tenant, request.Value, ct) : request.Error!;
            return created.IsSuccess ? OAuthProblems.NoStore(created.Value, StatusCodes.Status201Created) : Problems.For(created.Error!);
        })
        .WithTags("OpenID4VCI").WithSummary("Create a credential offer (pre-authorized code)").RequireTenantKey()
        .WithDescription("Returns `offer_uri` (`openid-credential-offer://?credential_offer_uri=…`) for a QR code, the offer, and — when `tx_code` is true — the 6-digit transaction code, shown once. The offer and its code expire (IDENTITY_OID4VCI_OFFER_SECONDS) and are redeemed once.")
        .Accepts<CredentialOfferRequest>("application/json").Produces<CreatedCredentialOffer>(StatusCodes.Status201Created)
        .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);

        // The offer document a wallet fetches by reference, while its code is unredeemed.
        app.MapGet("/tenants/{tenant}/oid4vci/offers/{offerId}", async (string tenant, string offerId, OfferService offers, CancellationToken ct) =>
        {
            var offer = offerId.Length > 64 ? new Identity.Primitives.Error(Identity.Primitives.ErrorCodes.NotFound, "There is no such offer.") : await offers.GetAsync(tenant, offerId, ct);
            return offer.IsSuccess ? OAuthProblems.NoStore(offer.Value) : Problems.For(offer.Error!);
        })
        .WithTags("OpenID4VCI").WithSummary("A credential offer by reference (credential_offer_uri)")
        .Produces<CredentialOffer>().ProducesProblem(404);

        // The token endpoint: a pre-authorized code (and tx_code) for an access token, DPoP-bound when a proof is sent. An
        // OAuth protocol endpoint (form in, application/json errors as RFC 6749 §5.2 requires), described by the
        // authorization-server metadata and docs/oid4vc.md rather than in the problem+json OpenAPI document.
        app.MapPost("/tenants/{tenant}/oid4vci/token", async (string tenant, HttpContext context, PreAuthorizedCodeGrant grant, CancellationToken ct) =>
        {
            var form = await TokenForm.ReadAsync(context.Request, ct);
            var token = form.IsSuccess ? await grant.RedeemAsync(tenant, context.Request, form.Value, ct) : form.Error!;
            return token.IsSuccess ? OAuthProblems.NoStore(token.Value) : OAuthProblems.For(token.Error!);
        })
        .ExcludeFromDescription();

        // A fresh single-use c_nonce for key proofs.
        app.MapPost("/tenants/{tenant}/oid4vci/nonce", async (string tenant, IIdentityStore store, CredentialRequests requests, CancellationToken ct) =>
        {
            if (await store.GetTenantAsync(tenant, ct) is null)
            {
                return Problems.For(UnknownTenant(tenant));
            }

            var nonce = await requests.NonceAsync(tenant, ct);
            return nonce.IsSuccess ? OAuthProblems.NoStore(nonce.Value) : Problems.For(nonce.Error!);
        })
        .WithTags("OpenID4VCI").WithSummary("Nonce endpoint (c_nonce)").Produces<NonceResponse>().ProducesProblem(404);

        // The credential endpoint: an OAuth-protected resource (access token, not an API key; application/json errors as
        // OpenID4VCI §8.3.1.2 requires), described by the issuer metadata and docs/oid4vc.md, not the OpenAPI document.
        app.MapPost("/tenants/{tenant}/oid4vci/credential", async (string tenant, HttpContext context, JsonBody body, CredentialRequests requests, CancellationToken ct) =>
        {
            var presented = CredentialRequests.AccessToken(context.Request);
            string scheme = presented?.Scheme ?? "DPoP";
            var grant = await requests.AuthorizeAsync(tenant, context.Request, presented, ct);
            if (!grant.IsSuccess)
            {
                return OAuthProblems.For(grant.Error!, scheme);
            }

            var request = await body.ReadObjectAsync(context.Request, ct);
            var issued = request.IsSuccess ? await requests.IssueAsync(tenant, presented!.Value.Token, grant.Value, request.Value, ct) : request.Error!;
            return issued.IsSuccess ? OAuthProblems.NoStore(issued.Value) : OAuthProblems.For(issued.Error!, scheme);
        })
        .ExcludeFromDescription();

        return app;
    }

    private static Identity.Primitives.Error UnknownTenant(string tenant) =>
        new(Identity.Primitives.ErrorCodes.NotFound, $"There is no tenant '{tenant}'.");
}
