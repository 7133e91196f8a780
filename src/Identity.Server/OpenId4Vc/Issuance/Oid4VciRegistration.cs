namespace Identity.Server.OpenId4Vc.Issuance;

/// <summary>Registers the OpenID4VCI issuer's services.</summary>
internal static class Oid4VciRegistration
{
    public static IServiceCollection AddOid4Vci(this IServiceCollection services)
    {
        services.AddSingleton(sp => Oid4VciOptions.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<IssuerMetadata>();
        services.AddSingleton<IssuanceState>();
        services.AddSingleton<DpopProofs>();
        services.AddSingleton<KeyProofs>();
        services.AddSingleton<OfferService>();
        services.AddSingleton<PreAuthorizedCodeGrant>();
        services.AddSingleton<CredentialRequests>();
        return services;
    }
}
