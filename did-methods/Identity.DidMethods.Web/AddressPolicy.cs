// References: RFC 6890 Special-Purpose IP Address Registries and the IANA IPv4/IPv6 Special-Purpose Address Registries,
//   https://www.iana.org/assignments/iana-ipv4-special-registry/ ; RFC 1918 (private IPv4), RFC 6598 (100.64.0.0/10),
//   RFC 3927 (169.254.0.0/16), RFC 4193 (fc00::/7), RFC 4291 §2.5 (IPv6 loopback, link-local, IPv4-mapped/compatible),
//   RFC 6052 and RFC 8215 (NAT64 64:ff9b::/96, 64:ff9b:1::/48), RFC 3056 (6to4 2002::/16);
//   OWASP Server-Side Request Forgery Prevention Cheat Sheet, https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html
using System.Net;
using System.Net.Sockets;

namespace Identity.DidMethods.Web;

/// <summary>How far an address may be trusted as a fetch target.</summary>
internal enum AddressClass
{
    /// <summary>Globally routable: always allowed.</summary>
    Public,

    /// <summary>This host: allowed only under <see cref="GuardedFetchOptions.AllowLoopback"/>.</summary>
    Loopback,

    /// <summary>A private or shared network: allowed only under <see cref="GuardedFetchOptions.AllowPrivateNetworks"/>.</summary>
    Private,

    /// <summary>Never a legitimate document host (link-local incl. cloud metadata, unspecified, multicast, reserved): always refused.</summary>
    Forbidden,
}

/// <summary>Classifies IP addresses for the SSRF guard. Addresses that embed an IPv4 address are judged by it.</summary>
internal static class AddressPolicy
{
    public static bool IsAllowed(IPAddress address, GuardedFetchOptions options) => Classify(address) switch
    {
        AddressClass.Public => true,
        AddressClass.Loopback => options.AllowLoopback,
        AddressClass.Private => options.AllowPrivateNetworks,
        _ => false,
    };

    public static AddressClass Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> b = stackalloc byte[16];
        if (!address.TryWriteBytes(b, out var length))
        {
            return AddressClass.Forbidden;
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork when length == 4 => ClassifyV4(b[0], b[1], b[2]),
            AddressFamily.InterNetworkV6 when length == 16 => ClassifyV6(b),
            _ => AddressClass.Forbidden,
        };
    }

    private static AddressClass ClassifyV4(byte b0, byte b1, byte b2) => (b0, b1, b2) switch
    {
        (127, _, _) => AddressClass.Loopback,
        (0, _, _) => AddressClass.Forbidden,                          // "this network"; 0.0.0.0 reaches the local host on Linux
        (169, 254, _) => AddressClass.Forbidden,                      // link-local, incl. cloud metadata 169.254.169.254
        ( >= 224, _, _) => AddressClass.Forbidden,                    // multicast 224/4, reserved 240/4, broadcast
        (10, _, _) => AddressClass.Private,
        (172, >= 16 and <= 31, _) => AddressClass.Private,
        (192, 168, _) => AddressClass.Private,
        (100, >= 64 and <= 127, _) => AddressClass.Private,          // shared address space (CGNAT)
        (192, 0, 0) => AddressClass.Private,                          // IETF protocol assignments
        (198, 18 or 19, _) => AddressClass.Private,                   // benchmarking, often used for lab networks
        _ => AddressClass.Public,
    };

    private static AddressClass ClassifyV6(ReadOnlySpan<byte> b)
    {
        // ::/96 holds ::, ::1, and the deprecated IPv4-compatible form; ::ffff:0:0/96 is IPv4-mapped.
        if (b[..10].IndexOfAnyExcept((byte)0) < 0)
        {
            var mapped = b[10] == 0xff && b[11] == 0xff;
            if (mapped || (b[10] == 0 && b[11] == 0 && (b[12] | b[13]) != 0))
            {
                return ClassifyV4(b[12], b[13], b[14]);
            }

            if (b[10] == 0 && b[11] == 0)
            {
                var isLoopback = b[12..15].IndexOfAnyExcept((byte)0) < 0 && b[15] == 1;
                return isLoopback ? AddressClass.Loopback : AddressClass.Forbidden; // :: and ::0.0.x.y
            }
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
        {
            // 64:ff9b::/96 translates to the embedded IPv4 address; 64:ff9b:1::/48 is a local-use NAT64 prefix.
            return b[4..12].IndexOfAnyExcept((byte)0) < 0 ? ClassifyV4(b[12], b[13], b[14]) : AddressClass.Private;
        }

        return (b[0], b[1]) switch
        {
            (0x00, _) => AddressClass.Forbidden,                         // the rest of the reserved ::/8
            (0x20, 0x02) => ClassifyV4(b[2], b[3], b[4]),                // 6to4 embeds the IPv4 address of the relay target
            (0xff, _) => AddressClass.Forbidden,                         // multicast
            (0xfe, >= 0x80 and <= 0xbf) => AddressClass.Forbidden,       // link-local fe80::/10
            (0xfe, >= 0xc0) => AddressClass.Private,                     // deprecated site-local fec0::/10
            (0xfc or 0xfd, _) => AddressClass.Private,                   // unique local fc00::/7
            (0x01, 0x00) when b[2..8].IndexOfAnyExcept((byte)0) < 0 => AddressClass.Forbidden, // discard-only 100::/64
            _ => AddressClass.Public,
        };
    }
}
